package io.sagaflow.spring;

import io.sagaflow.CommandOutcome;
import io.sagaflow.StepRole;
import io.sagaflow.annotation.CommandHandler;
import io.sagaflow.annotation.Compensation;
import io.sagaflow.annotation.OnReply;
import io.sagaflow.annotation.Saga;
import io.sagaflow.annotation.SagaParticipant;
import io.sagaflow.annotation.Step;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A small annotated saga and participant for the auto-configuration tests. */
final class TestSagas {
    private TestSagas() {
    }

    record Trip(String id, String booking) {
    }

    record Book(String tripId) {
    }

    record Booked(String booking) {
    }

    record Cancel(String tripId) {
    }

    record Pay(String tripId) {
    }

    @Saga(name = "book-trip", data = Trip.class)
    static class BookTripSaga {
        @Step(name = "book-hotel", order = 1, participant = "hotel", timeout = "PT5S")
        Book book(Trip trip) {
            return new Book(trip.id());
        }

        @OnReply(step = "book-hotel")
        Trip booked(Trip trip, Booked reply) {
            return new Trip(trip.id(), reply.booking());
        }

        @Compensation(step = "book-hotel", participant = "hotel")
        Cancel cancel(Trip trip) {
            return new Cancel(trip.id());
        }

        @Step(name = "pay", order = 2, participant = "hotel", role = StepRole.PIVOT, maxAttempts = 1)
        Pay pay(Trip trip) {
            return new Pay(trip.id());
        }
    }

    @SagaParticipant("hotel")
    static class Hotel {
        final List<String> log = new CopyOnWriteArrayList<>();
        volatile boolean refusePayment;

        @CommandHandler
        CommandOutcome book(Book command) {
            log.add("book " + command.tripId());
            return CommandOutcome.success(new Booked("b-" + command.tripId()));
        }

        @CommandHandler
        CommandOutcome cancel(Cancel command) {
            log.add("cancel " + command.tripId());
            return CommandOutcome.success();
        }

        @CommandHandler
        CommandOutcome pay(Pay command) {
            log.add("pay " + command.tripId());
            return refusePayment ? CommandOutcome.failure("card declined") : CommandOutcome.success();
        }
    }
}

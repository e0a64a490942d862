package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.CommandOutcome;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.StepRole;
import io.sagaflow.annotation.CommandHandler;
import io.sagaflow.annotation.OnReply;
import io.sagaflow.annotation.Saga;
import io.sagaflow.annotation.SagaParticipant;
import io.sagaflow.annotation.Step;
import io.sagaflow.spring.TestSagas.Book;
import io.sagaflow.spring.TestSagas.Trip;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every kind of bad declaration stops the application at startup with a message naming bean, class and method. */
class StartupFailureTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SagaflowAutoConfiguration.class));

    private void failsWith(Class<?> bean, String... fragments) {
        runner.withBean(bean).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(SagaDefinitionException.class);
            Throwable declaration = context.getStartupFailure();
            while (!(declaration instanceof SagaDefinitionException)) {
                declaration = declaration.getCause();
            }
            assertThat(declaration.getMessage()).contains(fragments);
        });
    }

    @Saga(name = "no-compensation", data = Trip.class)
    static class MissingCompensation {
        @Step(name = "book", order = 1, participant = "hotel")
        Book book(Trip trip) {
            return new Book(trip.id());
        }
    }

    @Test
    void failsOnACompensatableStepWithoutCompensation() {
        failsWith(MissingCompensation.class, "saga bean '", "class " + MissingCompensation.class.getName(),
                "method book(Trip)", "step 'book' is COMPENSATABLE but has no @Compensation");
    }

    @Saga(name = "duplicate", data = Trip.class)
    static class DuplicateStep {
        @Step(name = "book", order = 1, participant = "hotel", role = StepRole.PIVOT)
        Book book(Trip trip) {
            return new Book(trip.id());
        }

        @Step(name = "book", order = 2, participant = "hotel", role = StepRole.RETRIABLE)
        Book again(Trip trip) {
            return new Book(trip.id());
        }
    }

    @Test
    void failsOnADuplicateStep() {
        failsWith(DuplicateStep.class, "method book(Trip)", "duplicate step 'book', already declared by method again");
    }

    @Saga(name = "signature", data = Trip.class)
    static class WrongSignature {
        @Step(name = "book", order = 1, participant = "hotel", role = StepRole.PIVOT)
        Book book(Trip trip, String extra) {
            return new Book(trip.id());
        }
    }

    @Test
    void failsOnAMethodWhoseSignatureDoesNotFit() {
        failsWith(WrongSignature.class, "method book(Trip, String)", "must take exactly the saga data (Trip)");
    }

    interface Message {
    }

    @Saga(name = "interface", data = Trip.class)
    static class InterfaceCommand {
        @Step(name = "book", order = 1, participant = "hotel", role = StepRole.PIVOT)
        Message book(Trip trip) {
            return new Message() {
            };
        }
    }

    @Test
    void failsOnACommandTypeThatCannotBeRegistered() {
        failsWith(InterfaceCommand.class, "method book(Trip)", "payload type " + Message.class.getName()
                + " is an open interface");
    }

    static final class Elsewhere {
        record Booked(String booking) {
        }
    }

    @Saga(name = "clash", data = Trip.class)
    static class ReplyNameClash {
        @Step(name = "book", order = 1, participant = "hotel", role = StepRole.PIVOT)
        Book book(Trip trip) {
            return new Book(trip.id());
        }

        @OnReply(step = "book")
        Trip booked(Trip trip, TestSagas.Booked reply) {
            return trip;
        }

        @OnReply(step = "book")
        Trip other(Trip trip, Elsewhere.Booked reply) {
            return trip;
        }
    }

    @Test
    void failsOnAReplyTypeNameClash() {
        failsWith(ReplyNameClash.class, "method other(Trip, Booked): reply type clash with method booked",
                "payload type name 'Booked' is registered for both");
    }

    @SagaParticipant("empty")
    static class NoHandlers {
    }

    @Test
    void failsOnAParticipantWithoutHandlers() {
        failsWith(NoHandlers.class, "participant bean '", "has no @CommandHandler or @EventHandler methods");
    }

    @SagaParticipant("bad")
    static class BadHandler {
        @CommandHandler
        CommandOutcome book(Book command, String notAContext) {
            return CommandOutcome.success();
        }
    }

    @Test
    void failsOnAHandlerWhoseSignatureDoesNotFit() {
        failsWith(BadHandler.class, "method book(Book, String)",
                "must take (Command command) or (Command command, CommandContext context)");
    }

    @Test
    void failureAnalysisPutsTheDeclarationFirst() {
        SagaDefinitionException problem = new SagaDefinitionException("class X, method y(Z): duplicate step 'a'");
        FailureAnalysis analysis = new SagaDefinitionFailureAnalyzer()
                .analyze(new IllegalStateException("context failed", problem));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("class X, method y(Z): duplicate step 'a'");
        assertThat(analysis.getAction()).contains("@Compensation");
    }
}

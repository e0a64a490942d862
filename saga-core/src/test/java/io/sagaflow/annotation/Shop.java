package io.sagaflow.annotation;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.LocalResult;
import io.sagaflow.StepRole;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An annotated saga and its participants, shared by the annotation tests. */
final class Shop {
    private Shop() {
    }

    record OrderData(String id, int amount, String reservation, String status) {
        OrderData with(String newReservation) {
            return new OrderData(id, amount, newReservation, status);
        }

        OrderData status(String newStatus) {
            return new OrderData(id, amount, reservation, newStatus);
        }
    }

    record ReserveStock(String orderId) {
    }

    record StockReserved(String reservationId) {
    }

    record ReleaseStock(String orderId) {
    }

    record Charge(String orderId, int amount) {
    }

    record OrderPlaced(String orderId) {
    }

    @Saga(name = "place-order", data = OrderData.class, defaultTimeout = "PT10S")
    static class PlaceOrderSaga {
        @Step(name = "validate", order = 0, local = true)
        LocalResult<OrderData> validate(OrderData order) {
            return order.amount() > 0 ? LocalResult.done(order.status("valid"))
                    : LocalResult.rejected("amount must be positive");
        }

        @Compensation(step = "validate", local = true)
        LocalResult<OrderData> invalidate(OrderData order) {
            return LocalResult.done(order.status("cancelled"));
        }

        @Step(name = "reserve-inventory", order = 1, participant = "inventory", timeout = "PT5S")
        ReserveStock reserve(OrderData order) {
            return new ReserveStock(order.id());
        }

        @OnReply(step = "reserve-inventory")
        OrderData reserved(OrderData order, StockReserved reply) {
            return order.with(reply.reservationId());
        }

        @Compensation(step = "reserve-inventory", participant = "inventory")
        ReleaseStock release(OrderData order) {
            return new ReleaseStock(order.id());
        }

        @Step(name = "charge-payment", order = 2, participant = "payment", role = StepRole.PIVOT, maxAttempts = 2)
        Charge charge(OrderData order) {
            return new Charge(order.id(), order.amount());
        }

        @Step(name = "notify", order = 3, topic = "order-events", role = StepRole.RETRIABLE)
        OrderPlaced placed(OrderData order) {
            return new OrderPlaced(order.id());
        }
    }

    @SagaParticipant("inventory")
    static class Inventory {
        final List<String> log = new CopyOnWriteArrayList<>();

        @CommandHandler
        CommandOutcome reserve(ReserveStock command, CommandContext context) {
            log.add("reserve " + command.orderId() + " " + context.step());
            return CommandOutcome.success(new StockReserved("r-" + command.orderId()));
        }

        @CommandHandler
        CommandOutcome release(ReleaseStock command) {
            log.add("release " + command.orderId());
            return CommandOutcome.success();
        }

        @EventHandler(topic = "order-events")
        void placed(OrderPlaced event) {
            log.add("placed " + event.orderId());
        }
    }

    @SagaParticipant("payment")
    static class Payment {
        volatile boolean refuse;

        @CommandHandler
        CommandOutcome charge(Charge command) {
            return refuse ? CommandOutcome.failure("card declined for " + command.orderId())
                    : CommandOutcome.success();
        }
    }
}

package io.sagaflow.rabbitmq;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.SagaDefinition;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order-placement saga of the tests: reserve inventory (compensated by releasing it), charge payment (the
 * pivot; declined for amounts divisible by 5) and publish a confirmation (retriable), with the participants that
 * serve it. The participants count what they did, by order id.
 */
final class OrderSaga {
    /** The saga data. */
    public record Order(String id, long amount, String reservation, String payment) {
        Order withReservation(String value) {
            return new Order(id, amount, value, payment);
        }

        Order withPayment(String value) {
            return new Order(id, amount, reservation, value);
        }
    }

    /** Command to inventory. */
    public record ReserveStock(String orderId) {
    }

    /** Inventory's reply. */
    public record StockReserved(String reservationId) {
    }

    /** Compensation to inventory. */
    public record ReleaseStock(String orderId) {
    }

    /** Command to payment. */
    public record ChargePayment(String orderId, long amount) {
    }

    /** Payment's reply. */
    public record PaymentCharged(String paymentId) {
    }

    /** Event on the order-events topic. */
    public record OrderConfirmed(String orderId) {
    }

    static final SagaDefinition<Order> DEFINITION = SagaDefinition.builder("place-order", Order.class)
            .step("reserve-inventory")
                .invokeParticipant("inventory", o -> new ReserveStock(o.id()))
                .onReply(StockReserved.class, (o, r) -> o.withReservation(r.reservationId()))
                .withCompensation("inventory", o -> new ReleaseStock(o.id()))
            .step("charge-payment")
                .invokeParticipant("payment", o -> new ChargePayment(o.id(), o.amount()))
                .onReply(PaymentCharged.class, (o, r) -> o.withPayment(r.paymentId()))
                .pivot()
            .step("send-confirmation")
                .publish("order-events", o -> new OrderConfirmed(o.id()))
                .retriable()
            .build();

    final Set<String> reserved = ConcurrentHashMap.newKeySet();
    final Set<String> released = ConcurrentHashMap.newKeySet();
    final Set<String> charged = ConcurrentHashMap.newKeySet();
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    /** Payment handlers wait here while it is closed: a test opens it when it wants them to finish. */
    volatile CountDownLatch paymentGate = new CountDownLatch(0);
    final AtomicInteger paymentsWaiting = new AtomicInteger();

    static boolean declined(long amount) {
        return amount % 5 == 0;
    }

    Participant inventory() {
        return Participant.builder("inventory")
                .onCommand(ReserveStock.class, (cmd, ctx) -> {
                    reserved.add(cmd.orderId());
                    return CommandOutcome.success(new StockReserved("r-" + cmd.orderId()));
                })
                .onCommand(ReleaseStock.class, (cmd, ctx) -> {
                    released.add(cmd.orderId());
                    return CommandOutcome.success();
                })
                .build();
    }

    Participant payment() {
        return Participant.builder("payment")
                .onCommand(ChargePayment.class, (cmd, ctx) -> {
                    CountDownLatch gate = paymentGate;
                    if (gate.getCount() > 0) {
                        paymentsWaiting.incrementAndGet();
                        if (!gate.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("payment gate stayed closed for " + cmd.orderId());
                        }
                    }
                    if (declined(cmd.amount())) {
                        return CommandOutcome.failure("card declined for " + cmd.amount());
                    }
                    charged.add(cmd.orderId());
                    return CommandOutcome.success(new PaymentCharged("p-" + cmd.orderId()));
                })
                .build();
    }

    Participant notifications() {
        return Participant.builder("notifications")
                .onEvent("order-events", OrderConfirmed.class, event -> confirmed.add(event.orderId()))
                .build();
    }
}

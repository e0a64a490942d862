package io.sagaflow.spring.dashboard;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An order-placement saga and its inventory and payment services, for the dashboard's tests: payment declines the
 * customer {@value #DECLINED}, and inventory's release can be broken (it throws) to make a compensation fail until
 * the saga is FAILED, then fixed.
 */
final class OrderShop {
    static final String DECLINED = "mallory";

    /** Fast retries so that a broken compensation fails the saga in well under a second. */
    static final RetryPolicy QUICK = new RetryPolicy(2, Duration.ofMillis(20), 1.0, Duration.ofMillis(20), 0);

    static final SagaDefinition<Order> PLACE_ORDER = SagaDefinition.builder("place-order", Order.class)
            .step("reserve-inventory")
                .invokeParticipant("inventory", o -> new ReserveStock(o.orderId(), o.sku(), o.quantity()))
                .onReply(StockReserved.class, (o, r) -> o.withReservation(r.reservationId()))
                .withCompensation("inventory", o -> new ReleaseStock(o.orderId()))
                .compensationRetry(QUICK)
                .timeout(Duration.ofSeconds(10))
            .step("charge-payment")
                .invokeParticipant("payment", o -> new ChargePayment(o.orderId(), o.customer(), o.amountCents()))
                .onReply(PaymentCharged.class, (o, r) -> o.withPayment(r.paymentId()))
                .pivot()
                .timeout(Duration.ofSeconds(10))
            .step("send-confirmation")
                .publish("order-events", o -> new OrderConfirmed(o.orderId(), o.customer()))
                .retriable()
            .build();

    record Order(String orderId, String customer, String sku, int quantity, long amountCents,
                 @Nullable String reservationId, @Nullable String paymentId) {
        static Order of(String orderId, String customer) {
            return new Order(orderId, customer, "SKU-42", 2, 4_998, null, null);
        }

        Order withReservation(String id) {
            return new Order(orderId, customer, sku, quantity, amountCents, id, paymentId);
        }

        Order withPayment(String id) {
            return new Order(orderId, customer, sku, quantity, amountCents, reservationId, id);
        }
    }

    record ReserveStock(String orderId, String sku, int quantity) { }

    record StockReserved(String reservationId) { }

    record ReleaseStock(String orderId) { }

    record ChargePayment(String orderId, String customer, long amountCents) { }

    record PaymentCharged(String paymentId) { }

    record OrderConfirmed(String orderId, String customer) { }

    final Set<String> reserved = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean releaseBroken = new AtomicBoolean();

    /** From now on, releasing stock throws: compensations of reserve-inventory fail. */
    void breakRelease() {
        releaseBroken.set(true);
    }

    /** Releasing stock works again. */
    void fixRelease() {
        releaseBroken.set(false);
    }

    Participant inventory() {
        return Participant.builder("inventory")
                .onCommand(ReserveStock.class, (cmd, ctx) -> {
                    reserved.add(cmd.orderId());
                    return CommandOutcome.success(new StockReserved("res-" + cmd.orderId()));
                })
                .onCommand(ReleaseStock.class, (cmd, ctx) -> {
                    if (releaseBroken.get()) {
                        throw new IllegalStateException("inventory database unreachable");
                    }
                    reserved.remove(cmd.orderId());
                    return CommandOutcome.success();
                })
                .build();
    }

    Participant payment() {
        return Participant.builder("payment")
                .onCommand(ChargePayment.class, (cmd, ctx) -> DECLINED.equals(cmd.customer())
                        ? CommandOutcome.failure("card declined for " + cmd.customer())
                        : CommandOutcome.success(new PaymentCharged("pay-" + cmd.orderId())))
                .build();
    }
}

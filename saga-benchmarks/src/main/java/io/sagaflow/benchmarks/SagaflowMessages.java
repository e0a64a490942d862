package io.sagaflow.benchmarks;

import org.jspecify.annotations.Nullable;

/**
 * The Sagaflow order saga's data, commands, replies and events. Public records, because the engine's Jackson codec
 * encodes them between steps. Immutable.
 *
 * @since 0.1
 */
public final class SagaflowMessages {
    private SagaflowMessages() {
    }

    /**
     * The saga data.
     *
     * @param orderNo the order
     * @param amountCents what to charge
     * @param reservationId set by the inventory's reply
     * @param paymentId set by the payment's reply
     */
    public record OrderData(long orderNo, long amountCents, @Nullable String reservationId,
                            @Nullable String paymentId) {
        OrderData withReservation(String id) {
            return new OrderData(orderNo, amountCents, id, paymentId);
        }

        OrderData withPayment(String id) {
            return new OrderData(orderNo, amountCents, reservationId, id);
        }
    }

    /** @param orderNo the order @param sku what to reserve @param quantity how many */
    public record ReserveStock(long orderNo, String sku, int quantity) {
    }

    /** @param reservationId the reservation */
    public record StockReserved(String reservationId) {
    }

    /** @param orderNo the order @param reservationId the reservation to release */
    public record ReleaseStock(long orderNo, @Nullable String reservationId) {
    }

    /** @param orderNo the order @param amountCents the amount */
    public record ChargePayment(long orderNo, long amountCents) {
    }

    /** @param paymentId the payment */
    public record PaymentCharged(String paymentId) {
    }

    /** @param orderNo the order @param paymentId the payment */
    public record OrderConfirmed(long orderNo, @Nullable String paymentId) {
    }

    /** @param orderNo the order @param step which step */
    public record DoStep(long orderNo, int step) {
    }

    /** @param orderNo the order @param step which step */
    public record UndoStep(long orderNo, int step) {
    }

    /** @param step which step */
    public record StepDone(int step) {
    }
}

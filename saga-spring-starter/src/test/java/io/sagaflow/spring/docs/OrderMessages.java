package io.sagaflow.spring.docs;

// tag::messages[]
/** The saga data and the messages of the place-order saga: plain records, encoded as JSON. */
public final class OrderMessages {
    private OrderMessages() {
    }

    /** The saga data: what the saga knows about the order so far. */
    public record OrderData(String orderId, String sku, int quantity, long amountCents,
                            String reservationId, String paymentId) {
        public static OrderData of(String orderId, String sku, int quantity, long amountCents) {
            return new OrderData(orderId, sku, quantity, amountCents, null, null);
        }

        OrderData withReservation(String id) {
            return new OrderData(orderId, sku, quantity, amountCents, id, paymentId);
        }

        OrderData withPayment(String id) {
            return new OrderData(orderId, sku, quantity, amountCents, reservationId, id);
        }
    }

    public record ReserveStock(String orderId, String sku, int quantity) {
    }

    public record StockReserved(String reservationId) {
    }

    public record ReleaseStock(String orderId) {
    }

    public record ChargePayment(String orderId, long amountCents) {
    }

    public record PaymentCharged(String paymentId) {
    }

    public record OrderConfirmed(String orderId) {
    }
}
// end::messages[]

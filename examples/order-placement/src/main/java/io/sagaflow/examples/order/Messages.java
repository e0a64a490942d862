package io.sagaflow.examples.order;

/** The commands, replies and events the order-placement services exchange. */
final class Messages {
    private Messages() {
    }

    /** Reserve stock of one item for an order. */
    record ReserveStock(String orderId, String sku, int quantity) { }

    /** Stock was reserved. */
    record StockReserved(String reservationId) { }

    /** Give back the stock reserved for an order. */
    record ReleaseStock(String orderId) { }

    /** Charge the customer for an order. */
    record ChargePayment(String orderId, String customer, long amountCents) { }

    /** The payment went through. */
    record PaymentCharged(String paymentId) { }

    /** The order is confirmed: tell the customer. */
    record OrderConfirmed(String orderId, String customer) { }
}

package io.sagaflow.examples.order;

import org.jspecify.annotations.Nullable;

/**
 * The saga's data: what was ordered, and what the steps produced.
 *
 * @param orderId the order
 * @param customer who ordered
 * @param sku the item
 * @param quantity how many
 * @param amountCents the price
 * @param reservationId set when inventory was reserved
 * @param paymentId set when payment was charged
 */
public record OrderData(String orderId, String customer, String sku, int quantity, long amountCents,
                        @Nullable String reservationId, @Nullable String paymentId) {

    static OrderData of(String orderId, String customer, String sku, int quantity, long amountCents) {
        return new OrderData(orderId, customer, sku, quantity, amountCents, null, null);
    }

    OrderData withReservation(String id) {
        return new OrderData(orderId, customer, sku, quantity, amountCents, id, paymentId);
    }

    OrderData withPayment(String id) {
        return new OrderData(orderId, customer, sku, quantity, amountCents, reservationId, id);
    }
}

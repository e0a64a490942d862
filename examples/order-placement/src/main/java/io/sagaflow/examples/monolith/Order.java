package io.sagaflow.examples.monolith;

/**
 * An order as the monolith receives it.
 *
 * @param orderId the order
 * @param customer who orders
 * @param sku the item
 * @param quantity how many
 * @param amountCents the price
 * @since 0.1
 */
public record Order(String orderId, String customer, String sku, int quantity, long amountCents) {
}

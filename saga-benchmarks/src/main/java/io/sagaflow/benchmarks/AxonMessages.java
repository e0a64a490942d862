package io.sagaflow.benchmarks;

/**
 * The Axon 4 order workload's commands and events. Public records: Axon reads the association property
 * ({@code orderId}) through the record accessor. Immutable.
 *
 * @since 0.1
 */
public final class AxonMessages {
    private AxonMessages() {
    }

    /** @param orderId the order @param orderNo its number @param amountCents what to charge */
    public record OrderPlaced(String orderId, long orderNo, long amountCents) {
    }

    /** @param orderId the order @param orderNo its number @param sku what @param quantity how many */
    public record ReserveInventory(String orderId, long orderNo, String sku, int quantity) {
    }

    /** @param orderId the order @param reservationId the reservation */
    public record InventoryReserved(String orderId, String reservationId) {
    }

    /** @param orderId the order @param reservationId what to release */
    public record ReleaseInventory(String orderId, String reservationId) {
    }

    /** @param orderId the order */
    public record InventoryReleased(String orderId) {
    }

    /** @param orderId the order @param orderNo its number @param amountCents the amount */
    public record ChargePayment(String orderId, long orderNo, long amountCents) {
    }

    /** @param orderId the order @param paymentId the payment */
    public record PaymentCharged(String orderId, String paymentId) {
    }

    /** @param orderId the order @param reason why */
    public record PaymentDeclined(String orderId, String reason) {
    }

    /** @param orderId the order @param paymentId the payment */
    public record SendConfirmation(String orderId, String paymentId) {
    }

    /** @param orderId the order */
    public record ConfirmationSent(String orderId) {
    }
}

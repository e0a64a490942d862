package io.sagaflow.examples.monolith;

/**
 * The monolith refused an order (out of stock, card declined); its transaction rolled back. The monolith predates
 * Sagaflow, so this is its own unchecked exception.
 *
 * @since 0.1
 */
public final class OrderRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param reason why, naming the order and the value */
    public OrderRejectedException(String reason) {
        super(reason);
    }
}

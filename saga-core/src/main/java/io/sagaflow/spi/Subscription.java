package io.sagaflow.spi;

/**
 * A running subscription. Closing it stops delivery; messages delivered but not yet acknowledged are delivered again
 * to another consumer.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Stops delivery to this subscription's handler. Idempotent. */
    @Override
    void close();
}

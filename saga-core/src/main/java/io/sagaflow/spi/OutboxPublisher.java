package io.sagaflow.spi;

import java.util.List;

/**
 * Sends a batch of outbox messages and returns only when the broker confirmed all of them.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface OutboxPublisher {
    /**
     * @param messages the batch, in the order they were written
     * @throws Exception if any was not confirmed: the outbox keeps the whole batch for another try
     */
    void publish(List<Envelope> messages) throws Exception;
}

package io.sagaflow.spi;

/**
 * Receives messages from a {@link MessageBroker} subscription.
 *
 * <p>Contract: return normally and the message is acknowledged (the handler's work has committed); throw
 * {@link io.sagaflow.MessageRejectedException} and the message goes to the dead-letter place at once with the
 * exception's message as the reason; throw anything else and the message is delivered again, until the broker's
 * delivery limit moves it to the dead-letter place with the last error as the reason.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * @param envelope the message
     * @throws Exception to have the message redelivered (or dead-lettered, see above)
     */
    void handle(Envelope envelope) throws Exception;
}

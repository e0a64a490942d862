package io.sagaflow;

import java.io.Serial;

/**
 * The message broker did not accept or confirm a message. Whatever was being sent stays in the outbox and is
 * sent again.
 *
 * @since 0.1
 */
public class BrokerException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what the broker refused, naming the destination and message id
     */
    public BrokerException(String message) {
        super(message);
    }

    /**
     * @param message what the broker refused
     * @param cause the client's failure
     */
    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}

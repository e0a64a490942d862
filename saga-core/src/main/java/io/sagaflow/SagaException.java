package io.sagaflow;

import java.io.Serial;

/**
 * Root of every exception Sagaflow throws. Each subclass says what went wrong and names the saga, step and value
 * involved, so a log line alone is enough to act on.
 *
 * <p>Unchecked: callers handle the subclasses they can act on and let the rest propagate.
 *
 * @since 0.1
 */
public class SagaException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the saga, step and value concerned.
     *
     * @param message what went wrong
     */
    public SagaException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the failure that caused it.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public SagaException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.sagaflow;

import java.io.Serial;

/**
 * An operator action does not fit the saga's state: retrying a saga that has not failed, aborting one that has
 * already ended.
 *
 * @since 0.1
 */
public class IllegalSagaStateException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message the action, the saga and its current status
     */
    public IllegalSagaStateException(String message) {
        super(message);
    }
}

package io.sagaflow;

import java.io.Serial;

/**
 * An operation named a saga id, or a saga type, that this engine does not know.
 *
 * @since 0.1
 */
public class UnknownSagaException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message which saga or type was not found
     */
    public UnknownSagaException(String message) {
        super(message);
    }
}

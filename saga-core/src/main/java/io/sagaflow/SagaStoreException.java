package io.sagaflow;

import java.io.Serial;

/**
 * The saga store failed to read or write: the database is unreachable, a statement failed. The operation changed
 * nothing and may be tried again.
 *
 * @since 0.1
 */
public class SagaStoreException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the saga
     * @param cause the driver's failure
     */
    public SagaStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

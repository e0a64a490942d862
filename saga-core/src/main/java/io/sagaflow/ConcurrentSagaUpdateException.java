package io.sagaflow;

import java.io.Serial;

/**
 * A saga was changed by someone else between load and save: the stored version is no longer the one expected.
 * The engine reloads and re-evaluates; adapters throw it from {@link io.sagaflow.spi.SagaStore#update}.
 *
 * @since 0.1
 */
public class ConcurrentSagaUpdateException extends SagaException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param sagaId the saga whose version moved
     * @param expectedVersion the version the caller loaded
     */
    public ConcurrentSagaUpdateException(SagaId sagaId, long expectedVersion) {
        super("saga " + sagaId + " is no longer at version " + expectedVersion + ": another update won");
    }
}

package io.sagaflow;

/**
 * Told of every {@link SagaEvent} after the change is stored: for metrics, tracing, projections. Called on the
 * engine's thread; keep it fast and do not throw (an exception is logged and ignored).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SagaListener {
    /** @param event what happened */
    void onEvent(SagaEvent event);
}

package io.sagaflow.axon;

import java.time.Duration;
import java.time.Instant;

/**
 * A saga completed every step.
 *
 * @param sagaId the saga's id
 * @param sagaType its type
 * @param duration since it started
 * @param at when
 * @since 0.1
 */
public record SagaCompletedEvent(String sagaId, String sagaType, Duration duration, Instant at)
        implements SagaLifecycleEvent {
}

package io.sagaflow.axon;

import java.time.Duration;
import java.time.Instant;

/**
 * A saga undid every completed step after a failure.
 *
 * @param sagaId the saga's id
 * @param sagaType its type
 * @param reason the failure that caused compensation
 * @param duration since it started
 * @param at when
 * @since 0.1
 */
public record SagaCompensatedEvent(String sagaId, String sagaType, String reason, Duration duration, Instant at)
        implements SagaLifecycleEvent {
}

package io.sagaflow.axon;

import java.time.Instant;

/**
 * A saga stopped and waits for a person: a compensation, or a retriable step, ran out of attempts.
 *
 * @param sagaId the saga's id
 * @param sagaType its type
 * @param reason why
 * @param at when
 * @since 0.1
 */
public record SagaFailedEvent(String sagaId, String sagaType, String reason, Instant at)
        implements SagaLifecycleEvent {
}

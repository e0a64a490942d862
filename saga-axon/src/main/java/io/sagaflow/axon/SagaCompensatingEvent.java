package io.sagaflow.axon;

import java.time.Instant;

/**
 * A saga began to compensate its completed steps, in reverse order.
 *
 * @param sagaId the saga's id
 * @param sagaType its type
 * @param reason the failure that caused it
 * @param at when
 * @since 0.1
 */
public record SagaCompensatingEvent(String sagaId, String sagaType, String reason, Instant at)
        implements SagaLifecycleEvent {
}

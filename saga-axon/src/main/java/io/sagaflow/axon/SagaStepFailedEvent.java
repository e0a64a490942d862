package io.sagaflow.axon;

import io.sagaflow.Direction;
import java.time.Instant;

/**
 * A step's action, or its compensation, failed; it may be retried.
 *
 * @param sagaId the saga's id
 * @param sagaType its type
 * @param step the step
 * @param direction {@code FORWARD} for the action, {@code COMPENSATION} for the compensation
 * @param attempt the attempt that failed, from 1
 * @param business true for a business refusal, false for a technical failure or a timeout
 * @param reason why
 * @param at when
 * @since 0.1
 */
public record SagaStepFailedEvent(String sagaId, String sagaType, String step, Direction direction, int attempt,
                                  boolean business, String reason, Instant at) implements SagaLifecycleEvent {
}

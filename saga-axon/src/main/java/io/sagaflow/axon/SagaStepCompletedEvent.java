package io.sagaflow.axon;

import io.sagaflow.Direction;
import java.time.Duration;
import java.time.Instant;

/**
 * A step's action, or its compensation, succeeded.
 *
 * @param sagaId the saga's id
 * @param sagaType its type
 * @param step the step
 * @param direction {@code FORWARD} for the action, {@code COMPENSATION} for the compensation
 * @param attempt the attempt that succeeded, from 1
 * @param duration from the first attempt's start
 * @param at when
 * @since 0.1
 */
public record SagaStepCompletedEvent(String sagaId, String sagaType, String step, Direction direction, int attempt,
                                     Duration duration, Instant at) implements SagaLifecycleEvent {
}

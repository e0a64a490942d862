package io.sagaflow;

import java.time.Instant;

/**
 * A change in a saga's life, told to {@link SagaListener}s after it has been stored.
 *
 * @since 0.1
 */
public sealed interface SagaEvent {
    /** @return the saga */
    SagaId sagaId();

    /** @return the saga's type */
    String sagaType();

    /** @return when it happened */
    Instant at();

    /**
     * The saga was created.
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param businessKey its business key, or null
     * @param at when
     */
    record Started(SagaId sagaId, String sagaType, @org.jspecify.annotations.Nullable String businessKey, Instant at)
            implements SagaEvent {
    }

    /**
     * A step's action or compensation succeeded.
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param step the step
     * @param direction action or compensation
     * @param attempt which attempt succeeded
     * @param duration from the first attempt's start
     * @param at when
     */
    record StepSucceeded(SagaId sagaId, String sagaType, String step, Direction direction, int attempt,
                         java.time.Duration duration, Instant at) implements SagaEvent {
    }

    /**
     * A step's action or compensation failed (it may be retried).
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param step the step
     * @param direction action or compensation
     * @param attempt the attempt that failed
     * @param business true for a business failure, false for a technical one or a timeout
     * @param reason why
     * @param at when
     */
    record StepFailed(SagaId sagaId, String sagaType, String step, Direction direction, int attempt,
                      boolean business, String reason, Instant at) implements SagaEvent {
    }

    /**
     * Compensation began.
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param reason the failure that caused it
     * @param at when
     */
    record Compensating(SagaId sagaId, String sagaType, String reason, Instant at) implements SagaEvent {
    }

    /**
     * The saga completed.
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param duration since it started
     * @param at when
     */
    record Completed(SagaId sagaId, String sagaType, java.time.Duration duration, Instant at) implements SagaEvent {
    }

    /**
     * The saga was fully compensated.
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param reason the failure that caused compensation
     * @param duration since it started
     * @param at when
     */
    record Compensated(SagaId sagaId, String sagaType, String reason, java.time.Duration duration, Instant at)
            implements SagaEvent {
    }

    /**
     * The saga stopped and waits for a person.
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param reason why
     * @param at when
     */
    record Failed(SagaId sagaId, String sagaType, String reason, Instant at) implements SagaEvent {
    }
}

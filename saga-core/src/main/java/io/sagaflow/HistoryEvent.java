package io.sagaflow;

/**
 * What happened at one point of a saga's life, as recorded in its history.
 *
 * @since 0.1
 */
public enum HistoryEvent {
    /** The saga was created. */
    SAGA_STARTED,
    /** A local step or compensation ran. */
    LOCAL_RUN,
    /** A command was sent to a participant. */
    COMMAND_SENT,
    /** An event was published. */
    EVENT_PUBLISHED,
    /** The step or compensation succeeded. */
    SUCCEEDED,
    /** The participant or local step answered with a business failure. */
    REJECTED,
    /** A technical failure: an exception, an error reply. */
    ERROR,
    /** No reply came before the step's timeout. */
    TIMED_OUT,
    /** Another attempt was scheduled after a backoff. */
    RETRY_SCHEDULED,
    /** Compensation of completed steps began. */
    COMPENSATION_STARTED,
    /** Every step succeeded. */
    SAGA_COMPLETED,
    /** Every completed step was compensated. */
    SAGA_COMPENSATED,
    /** The saga stopped and waits for a person. */
    SAGA_FAILED,
    /** A person asked the engine to try again. */
    MANUAL_RETRY,
    /** A person asked the engine to abort and compensate. */
    MANUAL_ABORT
}

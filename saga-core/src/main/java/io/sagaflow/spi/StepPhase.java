package io.sagaflow.spi;

/**
 * What a saga's current step is doing, persisted so that a restarted engine knows what to resume.
 *
 * @since 0.1
 */
public enum StepPhase {
    /** The step's action is to run (or send) now; {@code wakeAt} is the lease after which another engine may. */
    READY,
    /** A command was sent; {@code wakeAt} is its timeout, or null to wait for ever. */
    AWAITING_REPLY,
    /** The step failed and is retried at {@code wakeAt}. */
    BACKOFF,
    /** Nothing to do: the saga is settled. */
    IDLE
}

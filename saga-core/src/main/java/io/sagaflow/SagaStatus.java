package io.sagaflow;

/**
 * Where a saga stands. Every saga ends {@link #COMPLETED} or {@link #COMPENSATED}; {@link #FAILED} means a
 * compensation (or a retriable step past the pivot) kept failing past its retry budget and a person must act.
 *
 * @since 0.1
 */
public enum SagaStatus {
    /** Steps are running forward. */
    RUNNING,
    /** A step failed; completed steps are being compensated in reverse order. */
    COMPENSATING,
    /** Every step succeeded. Terminal. */
    COMPLETED,
    /** A step failed and every completed step was compensated. Terminal. */
    COMPENSATED,
    /** Stopped with a reason, waiting for a person to retry or abort it. */
    FAILED;

    /** @return true for {@link #COMPLETED} and {@link #COMPENSATED}, which nothing moves any more */
    public boolean isTerminal() {
        return this == COMPLETED || this == COMPENSATED;
    }

    /** @return true when the engine has nothing left to do without a person: terminal or {@link #FAILED} */
    public boolean isSettled() {
        return isTerminal() || this == FAILED;
    }
}

package io.sagaflow.spring;

import java.time.Duration;

/**
 * Settings of the Sagaflow health indicator, {@code sagaflow.health.*}.
 *
 * <p>A plain settings bean: bound once at startup.
 *
 * @since 0.1
 */
public class HealthSettings {
    /** Default time after which a running saga that has not changed counts as stuck. */
    public static final Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(15);

    /** A RUNNING or COMPENSATING saga not updated for this long counts as stuck. */
    private Duration stuckAfter = DEFAULT_STUCK_AFTER;

    /** Whether FAILED sagas (waiting for a person) or stuck sagas make the health DOWN, rather than only shown. */
    private boolean downOnProblems = true;

    /** @return the stuck threshold */
    public Duration getStuckAfter() {
        return stuckAfter;
    }

    /** @param stuckAfter the stuck threshold */
    public void setStuckAfter(Duration stuckAfter) {
        this.stuckAfter = stuckAfter;
    }

    /** @return whether failed or stuck sagas make the health DOWN */
    public boolean isDownOnProblems() {
        return downOnProblems;
    }

    /** @param downOnProblems whether failed or stuck sagas make the health DOWN */
    public void setDownOnProblems(boolean downOnProblems) {
        this.downOnProblems = downOnProblems;
    }
}

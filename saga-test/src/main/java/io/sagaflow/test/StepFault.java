package io.sagaflow.test;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Direction;
import java.util.Objects;
import java.util.Optional;

/**
 * A declared failure of a participant step's action or compensation, applied before the participant's handler runs
 * (so the failed attempt has no business effect): {@code harness.failStep("charge-payment")
 * .withBusinessFailure("card declined").always()}. By default it throws, a technical failure the orchestrator
 * retries.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class StepFault extends Times<StepFault> {
    private final String step;
    private final Direction direction;
    private volatile boolean business;
    private volatile String reason;

    StepFault(String step, Direction direction) {
        this.step = Objects.requireNonNull(step, "step");
        this.direction = direction;
        this.reason = "simulated failure of " + where();
    }

    /** @param why the business reason @return this fault, answering with a business failure (the saga compensates) */
    public StepFault withBusinessFailure(String why) {
        this.business = true;
        this.reason = Objects.requireNonNull(why, "why");
        return this;
    }

    /** @param message the exception's message @return this fault, throwing (an error reply, retried) */
    public StepFault withException(String message) {
        this.business = false;
        this.reason = Objects.requireNonNull(message, "message");
        return this;
    }

    /** @return the step */
    public String step() {
        return step;
    }

    /** @return action or compensation */
    public Direction direction() {
        return direction;
    }

    /**
     * @param stepName the command's step
     * @param commandDirection the command's direction
     * @return a business failure to answer with, or empty to run the real handler
     * @throws SimulatedStepFailure when this fault strikes as an exception
     */
    Optional<CommandOutcome> apply(String stepName, Direction commandDirection) {
        if (!step.equals(stepName) || direction != commandDirection || !strike()) {
            return Optional.empty();
        }
        if (business) {
            return Optional.of(CommandOutcome.failure(reason));
        }
        throw new SimulatedStepFailure(reason);
    }

    private String where() {
        return direction == Direction.COMPENSATION ? "compensation of " + step : "step " + step;
    }

    @Override
    public String toString() {
        return where() + " fails with " + (business ? "business failure '" : "exception '") + reason + "' "
                + timesText();
    }

    /** The technical failure a step fault throws in place of the participant's handler. */
    static final class SimulatedStepFailure extends SagaHarnessException {
        private static final long serialVersionUID = 1L;

        SimulatedStepFailure(String message) {
            super(message);
        }
    }
}

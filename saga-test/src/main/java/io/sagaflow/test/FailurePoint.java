package io.sagaflow.test;

import io.sagaflow.Direction;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One failure a saga run is put through by {@link SagaExplorer} and {@link ShadowComparison}: a closed set, so a
 * reference function can switch over it. Each point has a stable {@link #id()} to rerun it alone, and injects itself
 * into a harness. A {@code trigger} is a later step made to fail with a business failure so that the compensation
 * under test runs at all.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface FailurePoint {
    /** Strikes without limit. */
    int ALWAYS = Integer.MAX_VALUE;

    /** @return a stable identifier, for {@link SagaExplorer#only(String)} */
    String id();

    /** @return what fails, in words */
    String description();

    /** @param harness declares this failure in the harness, before the run */
    void inject(SagaHarness harness);

    /**
     * @return the step made to fail for good, if any: the monolith's all-or-nothing transaction would roll back, and
     *     the saga must end COMPENSATED
     */
    Optional<String> failingStep();

    /** @return true if the saga may end FAILED: a compensation was made to fail permanently */
    default boolean allowsFailed() {
        return false;
    }

    private static void failTrigger(SagaHarness harness, @Nullable String trigger) {
        if (trigger != null) {
            harness.failStep(trigger).withBusinessFailure("injected: " + trigger + " refused");
        }
    }

    private static String whileFailing(@Nullable String trigger) {
        return trigger == null ? "" : " (while " + trigger + " fails)";
    }

    /** Nothing fails. */
    record None() implements FailurePoint {
        @Override
        public String id() {
            return "none";
        }

        @Override
        public String description() {
            return "no failure";
        }

        @Override
        public void inject(SagaHarness harness) {
            // nothing fails
        }

        @Override
        public Optional<String> failingStep() {
            return Optional.empty();
        }
    }

    /**
     * A step's action fails.
     *
     * @param step the step
     * @param business a business failure, else an exception
     * @param times how often; {@link #ALWAYS} for good
     */
    record StepFails(String step, boolean business, int times) implements FailurePoint {
        /** Checks the step. */
        public StepFails {
            Objects.requireNonNull(step, "step");
        }

        @Override
        public String id() {
            return "step-fails:" + step + ":" + (business ? "business" : "exception") + (times == ALWAYS ? ""
                    : ":" + times);
        }

        @Override
        public String description() {
            return "step " + step + " fails with " + (business ? "a business failure" : "an exception")
                    + (times == ALWAYS ? " always" : " " + times + " time(s)");
        }

        @Override
        public void inject(SagaHarness harness) {
            StepFault fault = harness.failStep(step);
            if (business) {
                fault.withBusinessFailure("injected: " + step + " refused");
            } else {
                fault.withException("injected: " + step + " crashed");
            }
            if (times != ALWAYS) {
                fault.times(times);
            }
        }

        @Override
        public Optional<String> failingStep() {
            return business || times == ALWAYS ? Optional.of(step) : Optional.empty();
        }
    }

    /**
     * A step's compensation fails, then succeeds (or never does).
     *
     * @param step the compensated step
     * @param times how often it fails; {@link #ALWAYS} for good
     * @param trigger the later step that fails so the compensation runs
     */
    record CompensationFails(String step, int times, String trigger) implements FailurePoint {
        /** Checks the steps. */
        public CompensationFails {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(trigger, "trigger");
        }

        @Override
        public String id() {
            return "compensation-fails:" + step + ":" + (times == ALWAYS ? "always" : times);
        }

        @Override
        public String description() {
            return "compensation of " + step + " fails " + (times == ALWAYS ? "always" : times + " time(s)")
                    + whileFailing(trigger);
        }

        @Override
        public void inject(SagaHarness harness) {
            failTrigger(harness, trigger);
            StepFault fault = harness.failCompensation(step);
            if (times != ALWAYS) {
                fault.times(times);
            }
        }

        @Override
        public Optional<String> failingStep() {
            return Optional.of(trigger);
        }

        @Override
        public boolean allowsFailed() {
            return times == ALWAYS;
        }
    }

    /**
     * A step's command or reply is delivered twice.
     *
     * @param step the step
     * @param direction its action or its compensation
     * @param reply the reply, else the command
     * @param trigger the later step that fails so a compensation runs, or null
     */
    record Duplicated(String step, Direction direction, boolean reply, @Nullable String trigger)
            implements FailurePoint {
        /** Checks the step. */
        public Duplicated {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(direction, "direction");
        }

        @Override
        public String id() {
            return "duplicate:" + step + ":" + direction.name().toLowerCase(java.util.Locale.ROOT) + ":"
                    + (reply ? "reply" : "command");
        }

        @Override
        public String description() {
            return (reply ? "reply" : "command") + " of " + (direction == Direction.COMPENSATION
                    ? "compensation of " : "step ") + step + " delivered twice" + whileFailing(trigger);
        }

        @Override
        public void inject(SagaHarness harness) {
            failTrigger(harness, trigger);
            harness.duplicate(selector(step, direction, reply)).once();
        }

        @Override
        public Optional<String> failingStep() {
            return Optional.ofNullable(trigger);
        }
    }

    /**
     * The first reply to a step's command is lost: the step times out and the orchestrator sends the command again.
     *
     * @param step the step
     * @param direction its action or its compensation
     * @param trigger the later step that fails so a compensation runs, or null
     */
    record ReplyLost(String step, Direction direction, @Nullable String trigger) implements FailurePoint {
        /** Checks the step. */
        public ReplyLost {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(direction, "direction");
        }

        @Override
        public String id() {
            return "reply-lost:" + step + ":" + direction.name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public String description() {
            return "first reply of " + (direction == Direction.COMPENSATION ? "compensation of " : "step ") + step
                    + " lost" + whileFailing(trigger);
        }

        @Override
        public void inject(SagaHarness harness) {
            failTrigger(harness, trigger);
            harness.drop(selector(step, direction, true)).once();
        }

        @Override
        public Optional<String> failingStep() {
            return Optional.ofNullable(trigger);
        }
    }

    /**
     * The orchestrator crashes right after a persisted transition and a fresh engine resumes from the store.
     *
     * @param version the saga record version written just before the crash (0 is the create)
     * @param transition what that write recorded
     * @param trigger a step that fails in this run, or null
     */
    record CrashAfter(long version, String transition, @Nullable String trigger) implements FailurePoint {
        /** Checks the transition. */
        public CrashAfter {
            Objects.requireNonNull(transition, "transition");
        }

        @Override
        public String id() {
            return "crash-after:v" + version + (trigger == null ? "" : ":" + trigger + "-fails");
        }

        @Override
        public String description() {
            return "orchestrator crashes after persisting " + transition + whileFailing(trigger);
        }

        @Override
        public void inject(SagaHarness harness) {
            failTrigger(harness, trigger);
            harness.crashAfter(Transitions.transition().version(version));
        }

        @Override
        public Optional<String> failingStep() {
            return Optional.ofNullable(trigger);
        }
    }

    private static Messages selector(String step, Direction direction, boolean reply) {
        if (direction == Direction.COMPENSATION) {
            return reply ? Messages.compensationRepliesOf(step) : Messages.compensationCommandsOf(step);
        }
        return reply ? Messages.repliesOf(step) : Messages.commandsOf(step);
    }
}

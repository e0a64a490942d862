package io.sagaflow.test;

import io.sagaflow.SagaStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link SagaRun} that read like the domain; every failure message carries the saga's history:
 *
 * <pre>{@code
 * assertThat(run).isCompensated().compensatedInReverseOrder().sentCommands("inventory:ReserveStock", ...);
 * }</pre>
 *
 * <p>Not thread-safe, like every AssertJ assertion.
 *
 * @since 0.1
 */
public final class SagaAssert extends AbstractAssert<SagaAssert, SagaRun> {

    private SagaAssert(SagaRun actual) {
        super(actual, SagaAssert.class);
    }

    /** @param run a run @return its assertion */
    public static SagaAssert assertThat(SagaRun run) {
        return new SagaAssert(run);
    }

    /** @return this, if the saga completed */
    public SagaAssert completes() {
        return hasStatus(SagaStatus.COMPLETED);
    }

    /** @return this, if the saga ended compensated */
    public SagaAssert isCompensated() {
        return hasStatus(SagaStatus.COMPENSATED);
    }

    /** @return this, if the saga stopped FAILED, waiting for a person */
    public SagaAssert isFailed() {
        return hasStatus(SagaStatus.FAILED);
    }

    /** @param status the expected status @return this */
    public SagaAssert hasStatus(SagaStatus status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("Expected the saga to end %s but it ended %s.%n%s", status, actual.status(),
                    actual.trace());
        }
        return this;
    }

    /**
     * Checks that every completed step with a compensation was compensated, last completed first.
     *
     * @return this
     */
    public SagaAssert compensatedInReverseOrder() {
        isNotNull();
        List<String> expected = new ArrayList<>(actual.saga().completedSteps().stream()
                .filter(actual.compensatableSteps()::contains).toList());
        Collections.reverse(expected);
        List<String> compensated = actual.saga().compensatedSteps();
        // A step whose outcome was uncertain (it timed out or kept failing) is compensated too, first of all.
        List<String> certain = compensated.stream().filter(expected::contains).toList();
        if (!certain.equals(expected)) {
            failWithMessage("Expected the completed steps to be compensated in reverse order %s but the saga "
                    + "compensated %s.%n%s", expected, compensated, actual.trace());
        }
        return this;
    }

    /** @param steps the steps compensated, in order @return this */
    public SagaAssert compensated(String... steps) {
        isNotNull();
        if (!actual.saga().compensatedSteps().equals(List.of(steps))) {
            failWithMessage("Expected the saga to compensate %s but it compensated %s.%n%s", List.of(steps),
                    actual.saga().compensatedSteps(), actual.trace());
        }
        return this;
    }

    /** @return this, if nothing was compensated */
    public SagaAssert compensatedNothing() {
        return compensated();
    }

    /**
     * @param commands the commands sent, as {@code participant:Type}, in order, retries included
     * @return this
     */
    public SagaAssert sentCommands(String... commands) {
        isNotNull();
        List<String> sent = actual.commands().stream().map(SagaRun.SentCommand::toString).toList();
        if (!sent.equals(List.of(commands))) {
            failWithMessage("Expected the saga to send %s but it sent %s.%n%s", List.of(commands), sent,
                    actual.trace());
        }
        return this;
    }

    /** @param count how many simulated crashes the run survived @return this */
    public SagaAssert survivedCrashes(int count) {
        isNotNull();
        if (actual.crashes() != count) {
            failWithMessage("Expected %s simulated crash(es) but the run had %s.%n%s", count, actual.crashes(),
                    actual.trace());
        }
        return this;
    }
}

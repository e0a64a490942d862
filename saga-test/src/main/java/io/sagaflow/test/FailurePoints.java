package io.sagaflow.test;

import io.sagaflow.Direction;
import io.sagaflow.SagaDefinition;
import io.sagaflow.StepAction;
import io.sagaflow.StepDefinition;
import io.sagaflow.StepRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Derives a saga's failure points from its definition: every participant step, compensation and message. */
final class FailurePoints {
    /** How often a compensation fails before it succeeds, and a retriable step before it goes through. */
    static final int TRANSIENT_FAILURES = 2;

    private FailurePoints() {
    }

    /** @return every point except crashes, which need a run's transitions */
    static List<FailurePoint> withoutCrashes(SagaDefinition<?> saga, boolean withPermanentCompensationFailures) {
        List<FailurePoint> points = new ArrayList<>();
        points.add(new FailurePoint.None());
        for (StepDefinition<?> step : saga.steps()) {
            if (!(step.action() instanceof StepAction.Command<?>)) {
                continue;
            }
            if (step.role() == StepRole.RETRIABLE) {
                points.add(new FailurePoint.StepFails(step.name(), false, TRANSIENT_FAILURES));
            } else {
                points.add(new FailurePoint.StepFails(step.name(), true, FailurePoint.ALWAYS));
                points.add(new FailurePoint.StepFails(step.name(), false, FailurePoint.ALWAYS));
            }
        }
        for (StepDefinition<?> step : saga.steps()) {
            Optional<String> trigger = trigger(saga, step);
            if (step.compensation() instanceof StepAction.Command<?> && trigger.isPresent()) {
                points.add(new FailurePoint.CompensationFails(step.name(), TRANSIENT_FAILURES, trigger.get()));
                if (withPermanentCompensationFailures) {
                    points.add(new FailurePoint.CompensationFails(step.name(), FailurePoint.ALWAYS, trigger.get()));
                }
            }
        }
        for (boolean lost : new boolean[] {false, true}) {
            for (StepDefinition<?> step : saga.steps()) {
                if (step.action() instanceof StepAction.Command<?>) {
                    messagePoints(points, step.name(), Direction.FORWARD, null, lost);
                }
                Optional<String> trigger = trigger(saga, step);
                if (step.compensation() instanceof StepAction.Command<?> && trigger.isPresent()) {
                    messagePoints(points, step.name(), Direction.COMPENSATION, trigger.get(), lost);
                }
            }
        }
        return points;
    }

    private static void messagePoints(List<FailurePoint> points, String step, Direction direction, String trigger,
                                      boolean lost) {
        if (lost) {
            points.add(new FailurePoint.ReplyLost(step, direction, trigger));
        } else {
            points.add(new FailurePoint.Duplicated(step, direction, false, trigger));
            points.add(new FailurePoint.Duplicated(step, direction, true, trigger));
        }
    }

    /** @return the first later participant step that can fail for good, so that this step gets compensated */
    static Optional<String> trigger(SagaDefinition<?> saga, StepDefinition<?> step) {
        int index = saga.steps().indexOf(step);
        return saga.steps().subList(index + 1, saga.steps().size()).stream()
                .filter(s -> s.role() != StepRole.RETRIABLE && s.action() instanceof StepAction.Command<?>)
                .map(StepDefinition::name)
                .findFirst();
    }

    /** @return the last participant step that can fail for good after a compensatable one: it compensates most */
    static Optional<String> deepestTrigger(SagaDefinition<?> saga) {
        Optional<String> deepest = Optional.empty();
        boolean compensatable = false;
        for (StepDefinition<?> step : saga.steps()) {
            if (compensatable && step.role() != StepRole.RETRIABLE && step.action() instanceof StepAction.Command<?>) {
                deepest = Optional.of(step.name());
            }
            compensatable |= step.compensation() != null;
        }
        return deepest;
    }
}

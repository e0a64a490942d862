package io.sagaflow.test;

import io.sagaflow.HistoryEntry;
import io.sagaflow.spi.SagaRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash points declared in a harness, and the log of every persisted transition (which exploration turns into
 * crash points). Shared by every engine generation's {@link CrashingStore}.
 */
final class CrashPlan {
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> transitions = new CopyOnWriteArrayList<>();

    void add(Transitions matcher, int occurrence) {
        rules.add(new Rule(matcher, occurrence));
    }

    /**
     * Called after a write was persisted.
     *
     * @return the crash to throw, or null to go on
     */
    SimulatedCrash afterWrite(List<HistoryEntry> added, SagaRecord record) {
        String description = Transitions.describe(added, record);
        transitions.add(description);
        for (Rule rule : rules) {
            if (rule.matcher.matches(added, record) && rule.seen.incrementAndGet() == rule.occurrence) {
                return new SimulatedCrash(record, description);
            }
        }
        return null;
    }

    /** @return every persisted transition, in order, as readable lines */
    List<String> transitions() {
        return List.copyOf(transitions);
    }

    private static final class Rule {
        private final Transitions matcher;
        private final int occurrence;
        private final AtomicInteger seen = new AtomicInteger();

        Rule(Transitions matcher, int occurrence) {
            this.matcher = matcher;
            this.occurrence = occurrence;
        }
    }
}

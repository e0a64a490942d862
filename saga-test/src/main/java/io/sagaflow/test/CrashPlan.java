package io.sagaflow.test;

import io.sagaflow.HistoryEntry;
import io.sagaflow.spi.SagaRecord;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The crash points declared in a harness, and the log of every persisted transition (which exploration turns into
 * crash points). Shared by every engine generation's {@link CrashingStore}.
 */
final class CrashPlan {
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Logged> transitions = new CopyOnWriteArrayList<>();

    void add(Transitions matcher, int occurrence) {
        rules.add(new Rule(matcher, occurrence));
    }

    /**
     * Called before a write: decides whether the process dies right after it.
     *
     * @return the crash to throw once the write is persisted, or null
     */
    @Nullable Pending crashAfter(List<HistoryEntry> added, SagaRecord record) {
        for (Rule rule : rules) {
            if (rule.matcher.matches(added, record) && rule.seen.incrementAndGet() == rule.occurrence) {
                return new Pending(rule, new SimulatedCrash(record, Transitions.describe(added, record)));
            }
        }
        return null;
    }

    /** Records a persisted write. */
    void persisted(List<HistoryEntry> added, SagaRecord record) {
        transitions.add(new Logged(record.version(), Transitions.describe(added, record)));
    }

    /**
     * @return every persisted transition as readable lines, by record version (writes are logged from several
     *     threads, so arrival order may differ)
     */
    List<String> transitions() {
        return transitions.stream().sorted(Comparator.comparingLong(Logged::version)).map(Logged::text).toList();
    }

    /** A crash decided before its write. */
    record Pending(Rule rule, SimulatedCrash crash) {
        /** The write failed, so the process did not die after it. */
        void cancel() {
            rule.seen.decrementAndGet();
        }
    }

    private record Logged(long version, String text) {
    }

    static final class Rule {
        private final Transitions matcher;
        private final int occurrence;
        private final AtomicInteger seen = new AtomicInteger();

        Rule(Transitions matcher, int occurrence) {
            this.matcher = matcher;
            this.occurrence = occurrence;
        }
    }
}

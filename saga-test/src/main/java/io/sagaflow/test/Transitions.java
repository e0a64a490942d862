package io.sagaflow.test;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * Chooses a persisted saga transition to crash after: {@code harness.crashAfter(transition().stepSucceeded("x"))}.
 * A transition is one store write; it is described by the history entries it added and the status it left.
 *
 * <p>Immutable and thread-safe.
 *
 * @param description what the matcher chooses
 * @param predicate tested with the history entries the write added and the record written
 * @since 0.1
 */
public record Transitions(String description, BiPredicate<List<HistoryEntry>, SagaRecord> predicate) {

    /** Checks both fields are present. */
    public Transitions {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** @return a starting point for the fluent methods; on its own it matches every write */
    public static Transitions transition() {
        return new Transitions("any transition", (added, record) -> true);
    }

    /** @return the write that created the saga */
    public Transitions sagaStarted() {
        return and("saga started", (added, record) -> added.stream()
                .anyMatch(h -> h.event() == HistoryEvent.SAGA_STARTED));
    }

    /** @param step a step @return the write recording that the step's action succeeded */
    public Transitions stepSucceeded(String step) {
        return and("step " + step + " succeeded", recorded(step, Direction.FORWARD, HistoryEvent.SUCCEEDED));
    }

    /** @param step a step @return the write recording that the step's compensation succeeded */
    public Transitions compensationSucceeded(String step) {
        return and("compensation of " + step + " succeeded",
                recorded(step, Direction.COMPENSATION, HistoryEvent.SUCCEEDED));
    }

    /** @param step a step @return the write that sent the step's command */
    public Transitions commandSent(String step) {
        return and("command of " + step + " sent", recorded(step, Direction.FORWARD, HistoryEvent.COMMAND_SENT));
    }

    /** @param status a status @return a write that left the saga in that status */
    public Transitions status(SagaStatus status) {
        return and("status " + status, (added, record) -> record.status() == status);
    }

    /** @param version a record version, 0 for the create @return the write of that version */
    public Transitions version(long version) {
        return and("version " + version, (added, record) -> record.version() == version);
    }

    /**
     * @param added the history entries a write added
     * @param record the record written
     * @return whether this matcher chooses the write
     */
    public boolean matches(List<HistoryEntry> added, SagaRecord record) {
        return predicate.test(added, record);
    }

    /** @param added history entries @return them on one line, for reports */
    static String describe(List<HistoryEntry> added, SagaRecord record) {
        return "v" + record.version() + " " + record.status() + ": " + added.stream()
                .map(h -> (h.step() == null ? "" : h.step() + (h.direction() == Direction.COMPENSATION
                        ? " (compensation) " : " ")) + h.event())
                .collect(Collectors.joining(", "));
    }

    private Transitions and(String what, BiPredicate<List<HistoryEntry>, SagaRecord> more) {
        String joined = description.equals("any transition") ? what : description + " and " + what;
        return new Transitions(joined, predicate.and(more));
    }

    private static BiPredicate<List<HistoryEntry>, SagaRecord> recorded(String step, Direction direction,
                                                                       HistoryEvent event) {
        return (added, record) -> added.stream().anyMatch(h -> step.equals(h.step()) && h.direction() == direction
                && h.event() == event);
    }

    @Override
    public String toString() {
        return description;
    }
}

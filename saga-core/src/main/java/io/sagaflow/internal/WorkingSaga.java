package io.sagaflow.internal;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.StepDefinition;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A saga being moved by one thread: a mutable copy of its record, with the messages and events its transitions
 * produced since the last save. Never shared between threads.
 */
final class WorkingSaga {
    /** History beyond this keeps its first entries and its latest ones; a step retried for ever cannot grow it. */
    static final int MAX_HISTORY = 500;
    private static final int HISTORY_HEAD_KEPT = 20;

    final SagaDefinition<Object> definition;
    final SagaId id;
    final @Nullable String businessKey;
    final Instant createdAt;
    long version;
    SagaStatus status;
    Object data;
    int stepIndex;
    Direction direction;
    StepPhase phase;
    int attempt;
    @Nullable String awaitingMessageId;
    @Nullable Instant wakeAt;
    final List<Integer> compensations;
    @Nullable String failureReason;
    /** The history as last stored, immutable: handed to the next record as it is, without a copy. */
    private List<HistoryEntry> storedHistory;
    /**
     * Entries recorded since the last save. This and the two lists below are sized for one transition (a saga is
     * loaded anew for each reply): a default list's first element made a 10-slot array, and across the three lists
     * those arrays were 6% of the bytes an in-memory saga allocated.
     */
    private final List<HistoryEntry> newHistory = new ArrayList<>(4);
    /** True while the stored record is READY at this step, attempt and direction under a lease we hold. */
    boolean leaseHeld;
    /** When the current step's first attempt began, for step durations. */
    @Nullable Instant stepStartedAt;
    /**
     * The stored encoding of {@link #encodedFrom}; while {@link #data} is still that very object and its type is
     * deeply immutable, a save stores these bytes again instead of encoding the data anew.
     */
    byte @Nullable [] encoded;
    @Nullable Object encodedFrom;

    final List<Envelope> outbox = new ArrayList<>(2);
    final List<SagaEvent> events = new ArrayList<>(4);
    /** The record of the last write, for whoever waits for the saga to settle. */
    @Nullable SagaRecord lastStored;

    WorkingSaga(SagaDefinition<Object> definition, SagaId id, @Nullable String businessKey, Object data, Instant now) {
        this.definition = definition;
        this.id = id;
        this.businessKey = businessKey;
        this.createdAt = now;
        this.version = -1;
        this.status = SagaStatus.RUNNING;
        this.data = data;
        this.stepIndex = 0;
        this.direction = Direction.FORWARD;
        this.phase = StepPhase.READY;
        this.attempt = 1;
        this.compensations = new ArrayList<>();
        this.storedHistory = List.of();
        this.stepStartedAt = now;
    }

    WorkingSaga(SagaDefinition<Object> definition, SagaRecord record, Object data) {
        this.definition = definition;
        this.id = record.id();
        this.businessKey = record.businessKey();
        this.createdAt = record.createdAt();
        this.version = record.version();
        this.status = record.status();
        this.data = data;
        this.stepIndex = record.stepIndex();
        this.direction = record.direction();
        this.phase = record.phase();
        this.attempt = record.attempt();
        this.awaitingMessageId = record.awaitingMessageId();
        this.wakeAt = record.wakeAt();
        this.compensations = new ArrayList<>(record.compensations());
        this.failureReason = record.failureReason();
        this.storedHistory = record.history();
        this.stepStartedAt = firstAttemptStart(record.history());
        this.encoded = record.data();
        this.encodedFrom = data;
    }

    boolean isNew() {
        return version < 0;
    }

    StepDefinition<Object> step() {
        return definition.step(stepIndex);
    }

    String sagaType() {
        return definition.name();
    }

    void record(HistoryEvent event, @Nullable String detail, Instant at) {
        record(step().name(), event, detail, at);
    }

    void recordSaga(HistoryEvent event, @Nullable String detail, Instant at) {
        record(null, event, detail, at);
    }

    private void record(@Nullable String stepName, HistoryEvent event, @Nullable String detail, Instant at) {
        if (storedHistory.size() + newHistory.size() >= MAX_HISTORY) {
            List<HistoryEntry> all = new ArrayList<>(history());
            all.remove(HISTORY_HEAD_KEPT);
            storedHistory = List.copyOf(all);
        }
        newHistory.add(new HistoryEntry(stepName, stepName == null ? Direction.FORWARD : direction,
                stepName == null ? 0 : attempt, event, detail, at));
    }

    /**
     * @return the whole history, as an immutable list that {@link SagaRecord} keeps without copying it again; one
     *     copy per save that recorded something, none for a save that did not
     */
    List<HistoryEntry> history() {
        if (!newHistory.isEmpty()) {
            // Into an array that List.of copies once: through an ArrayList and List.copyOf it was copied twice.
            int stored = storedHistory.size();
            HistoryEntry[] all = new HistoryEntry[stored + newHistory.size()];
            for (int i = 0; i < stored; i++) {
                all[i] = storedHistory.get(i);
            }
            for (int i = 0; i < newHistory.size(); i++) {
                all[stored + i] = newHistory.get(i);
            }
            storedHistory = List.of(all);
            newHistory.clear();
        }
        return storedHistory;
    }

    /** Moves to a new step or direction: attempt 1, ready to run, no lease yet. */
    void moveTo(int index, Direction newDirection, Instant now) {
        stepIndex = index;
        direction = newDirection;
        attempt = 1;
        phase = StepPhase.READY;
        awaitingMessageId = null;
        wakeAt = null;
        leaseHeld = false;
        stepStartedAt = now;
    }

    void settle(SagaStatus settled) {
        status = settled;
        phase = StepPhase.IDLE;
        awaitingMessageId = null;
        wakeAt = null;
        leaseHeld = false;
    }

    SagaRecord toRecord(long newVersion, byte[] encodedData, Instant now) {
        return new SagaRecord(id, definition.name(), businessKey, status, newVersion, encodedData, stepIndex,
                direction, phase, attempt, awaitingMessageId, wakeAt, compensations, failureReason, history(),
                createdAt, now);
    }

    private @Nullable Instant firstAttemptStart(List<HistoryEntry> entries) {
        String current = definition.step(stepIndex).name();
        Instant start = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            HistoryEntry entry = entries.get(i);
            if (!current.equals(entry.step()) || entry.direction() != direction) {
                break;
            }
            start = entry.at();
        }
        return start;
    }
}

package io.sagaflow.spi;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A saga instance as a store keeps it. Stores persist every field and hand back exactly what they were given.
 *
 * @param id the saga's id
 * @param sagaType the definition's name
 * @param businessKey the caller's idempotency key, unique per saga type, or null
 * @param status where the saga stands
 * @param version incremented by every update; the optimistic lock
 * @param data the saga data, encoded by the {@link MessageCodec}
 * @param stepIndex the current step (forward) or the step being compensated
 * @param direction whether the current step's action or compensation is under way
 * @param phase what the current step is doing
 * @param attempt the current attempt of the current step, from 1
 * @param awaitingMessageId the message id of the command whose reply is awaited, or null
 * @param wakeAt when the engine must look at this saga again (lease, timeout or retry), or null
 * @param compensations the indexes of steps still to compensate, the next one last
 * @param failureReason why the saga is compensating or failed, or null
 * @param history what happened, oldest first
 * @param createdAt when the saga started
 * @param updatedAt when it last changed
 * @since 0.1
 */
public record SagaRecord(
        SagaId id,
        String sagaType,
        @Nullable String businessKey,
        SagaStatus status,
        long version,
        byte[] data,
        int stepIndex,
        Direction direction,
        StepPhase phase,
        int attempt,
        @Nullable String awaitingMessageId,
        @Nullable Instant wakeAt,
        List<Integer> compensations,
        @Nullable String failureReason,
        List<HistoryEntry> history,
        Instant createdAt,
        Instant updatedAt) {

    /** Copies the lists and checks required fields. */
    public SagaRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sagaType, "sagaType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(phase, "phase");
        compensations = List.copyOf(compensations);
        history = List.copyOf(history);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SagaRecord r
                && id.equals(r.id) && version == r.version && sagaType.equals(r.sagaType)
                && Objects.equals(businessKey, r.businessKey) && status == r.status
                && java.util.Arrays.equals(data, r.data) && stepIndex == r.stepIndex && direction == r.direction
                && phase == r.phase && attempt == r.attempt && Objects.equals(awaitingMessageId, r.awaitingMessageId)
                && Objects.equals(wakeAt, r.wakeAt) && compensations.equals(r.compensations)
                && Objects.equals(failureReason, r.failureReason) && history.equals(r.history)
                && createdAt.equals(r.createdAt) && updatedAt.equals(r.updatedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        return "saga " + sagaType + "/" + id + " v" + version + " " + status + " step " + stepIndex + " "
                + direction + " " + phase + " #" + attempt;
    }
}

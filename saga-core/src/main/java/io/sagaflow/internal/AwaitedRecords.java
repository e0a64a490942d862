package io.sagaflow.internal;

import io.sagaflow.SagaId;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import org.jspecify.annotations.Nullable;

/**
 * The record this engine last stored for each saga that awaits a reply, so that the reply it awaits is applied
 * without reading the saga back from the store first: with a database store that is one read transaction less per
 * reply, and (the record carrying the very bytes the engine encoded) no decoding of the saga data either.
 *
 * <p>A hint, never the truth: another engine, a timer or an operator may have changed the saga since. That is safe
 * because a reply applied to a remembered record is written under that record's version, so the store refuses the
 * write if anything changed the saga in between ({@code ConcurrentSagaUpdateException}), and the engine then reads
 * the saga from the store and applies the reply to what it finds. A record is only offered for the reply it awaits,
 * so a reply that does not match it (duplicate, late, or one racing ahead of the write that awaits it) always goes
 * to the store.
 *
 * <p>Bounded and lock-free: a direct-mapped table of {@value #SLOTS} slots, a saga's entry replacing whatever was in
 * its slot; a saga that stops awaiting a reply is dropped, so settled sagas are not held, and a saga with large data
 * is never held. A lost race or an evicted
 * entry only costs a read. Thread-safe: records are immutable.
 */
final class AwaitedRecords {
    static final int SLOTS = 1 << 14;
    /**
     * Records whose saga data is larger are not remembered (such a reply is applied after a read), so the table holds
     * at most about {@value #SLOTS} × this many bytes of data: 256 MiB, not the 16 GiB that sagas at the codec's
     * 1 MiB payload limit would take.
     */
    static final int MAX_DATA_BYTES = 16 * 1024;

    private final @Nullable SagaRecord[] slots = new SagaRecord[SLOTS];

    /**
     * @param id the saga a reply names
     * @param correlationId the message the reply answers
     * @return the record this engine last stored for that saga, if it awaits exactly that message; else null
     */
    @Nullable SagaRecord awaiting(SagaId id, String correlationId) {
        SagaRecord record = slots[slot(id)];
        return record != null && record.id().equals(id) && record.phase() == StepPhase.AWAITING_REPLY
                && correlationId.equals(record.awaitingMessageId()) ? record : null;
    }

    /**
     * Remembers a record about to be stored if it awaits a reply (and its data is at most {@value #MAX_DATA_BYTES}
     * bytes), and forgets the saga's earlier one otherwise.
     * Called before the write, because its messages may be answered before the write returns; if the write fails,
     * no reply can match the remembered record, whose message was never sent.
     */
    void stored(SagaRecord record) {
        int slot = slot(record.id());
        if (record.phase() == StepPhase.AWAITING_REPLY && record.data().length <= MAX_DATA_BYTES) {
            slots[slot] = record;
        } else {
            SagaRecord held = slots[slot];
            if (held != null && held.id().equals(record.id())) {
                slots[slot] = null;
            }
        }
    }

    private static int slot(SagaId id) {
        int h = id.hashCode();
        return (h ^ h >>> 16) & (SLOTS - 1);
    }
}

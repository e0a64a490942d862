package io.sagaflow.internal;

import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.support.ImmutableTypes;
import org.jspecify.annotations.Nullable;

/**
 * The saga data this engine last stored, per saga, so that loading it again does not decode the bytes it has just
 * encoded. A hit needs the loaded record to carry the very {@code byte[]} instance the engine stored (an in-memory
 * store hands back what it was given; a database store reads new arrays and never hits), so the cached object is
 * always the one those bytes encode, whichever engine or version wrote the record. Only deeply immutable data
 * ({@link ImmutableTypes}) is cached: nothing can have changed the object since it was encoded.
 *
 * <p>Bounded and lock-free: a direct-mapped table of {@value #SLOTS} slots, a saga's entry replacing whatever was in
 * its slot. A lost race or an evicted entry only costs a decode. Thread-safe: entries are immutable and published
 * through their final fields.
 */
final class DecodedDataCache {
    static final int SLOTS = 1 << 14;

    private final Entry[] slots = new Entry[SLOTS];

    /** @return the data the record's bytes encode, if this engine stored those very bytes recently; else null */
    @Nullable Object find(SagaRecord record) {
        Entry entry = slots[slot(record)];
        return entry != null && entry.encoded == record.data() ? entry.data : null;
    }

    /** Remembers that the bytes just stored in {@code record} are the encoding of the immutable {@code data}. */
    void put(SagaRecord record, Object data) {
        slots[slot(record)] = new Entry(record.data(), data);
    }

    private static int slot(SagaRecord record) {
        int h = record.id().hashCode();
        return (h ^ h >>> 16) & (SLOTS - 1);
    }

    private record Entry(byte[] encoded, Object data) {
    }
}

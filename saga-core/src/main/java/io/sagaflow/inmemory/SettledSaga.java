package io.sagaflow.inmemory;

import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import io.sagaflow.spi.support.ThreadStripedSlots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A saga that ended COMPLETED or COMPENSATED, as {@link InMemorySagaStore} keeps it until it is forgotten: the fields
 * a query filters and sorts on, and everything else (data, history, failure reason...) packed into one array.
 *
 * <p>Why: the store keeps the last ten thousand ended sagas by default, and each, as a {@link SagaRecord}, is some
 * thirty objects (history entries, their instants and detail strings). They are young when a collection comes, so
 * every young pause copied all of them; the pause decides the in-memory latency at p99. Packed, a kept saga is a
 * handful of objects and about half the bytes. Its last update (when it ended) is kept as two numbers, not an
 * {@link Instant} and not in the array, so that a purge compares it without an object or an unpacking.
 * {@link #record()} unpacks an equal record: stores hand back exactly what they were given.
 *
 * <p>The format is private to one JVM's memory (nothing is written anywhere): variable-length integers, and strings
 * as their UTF-16 chars in one to three bytes each, so that every string, valid Unicode or not, comes back equal.
 * A step name that recurs in the history is written once and then referred to by its place. Hand-written rather
 * than through Jackson: it is a few dozen lines, writes no field names and needs no type information.
 */
record SettledSaga(SagaId id, String sagaType, @Nullable String businessKey, SagaStatus status, long version,
                   Instant createdAt, long endedSecond, int endedNano, byte[] packed) {
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final StepPhase[] PHASES = StepPhase.values();
    private static final HistoryEvent[] EVENTS = HistoryEvent.values();
    /** Distinct step names one packing remembers for back-references; later new ones are written in full. */
    private static final int STEP_NAMES = 32;
    private static final byte[] NO_DATA = new byte[0];

    /**
     * Packing buffers kept for reuse: a buffer made for each saga, grown as it filled and then copied to its exact
     * size, was a seventh of the bytes the in-memory engine allocated per saga.
     */
    private static final ThreadStripedSlots<Writer> WRITERS = ThreadStripedSlots.perProcessor();

    /** @param record a saga whose status is COMPLETED or COMPENSATED @return it packed */
    static SettledSaga of(SagaRecord record) {
        Writer out = WRITERS.take();
        if (out == null) {
            out = new Writer(Writer.INITIAL_SIZE);
        }
        write(record, out);
        byte[] packed = out.toArray();
        if (out.reset()) {
            WRITERS.offer(out);
        }
        return new SettledSaga(record.id(), record.sagaType(), record.businessKey(), record.status(),
                record.version(), record.createdAt(), record.updatedAt().getEpochSecond(), record.updatedAt().getNano(),
                packed);
    }

    /**
     * @param at an instant
     * @return whether this saga's last update (when it ended, or was last written since) was before {@code at}
     */
    boolean endedBefore(Instant at) {
        return endedSecond != at.getEpochSecond() ? endedSecond < at.getEpochSecond() : endedNano < at.getNano();
    }

    /** @return a record equal to the one this was packed from */
    SagaRecord record() {
        Reader in = new Reader(packed);
        byte[] data = in.bytes();
        int stepIndex = in.varInt();
        Direction direction = DIRECTIONS[in.varInt()];
        StepPhase phase = PHASES[in.varInt()];
        int attempt = in.varInt();
        String awaitingMessageId = in.string();
        Instant wakeAt = in.varInt() == 0 ? null : in.instant(createdAt);
        int compensationCount = in.varInt();
        List<Integer> compensations = new ArrayList<>(compensationCount);
        for (int i = 0; i < compensationCount; i++) {
            compensations.add(in.varInt());
        }
        String failureReason = in.string();
        int historyCount = in.varInt();
        List<HistoryEntry> history = new ArrayList<>(historyCount);
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < historyCount; i++) {
            String step = in.step(steps);
            Direction entryDirection = DIRECTIONS[in.varInt()];
            int entryAttempt = in.varInt();
            HistoryEvent event = EVENTS[in.varInt()];
            String detail = in.string();
            history.add(new HistoryEntry(step, entryDirection, entryAttempt, event, detail, in.instant(createdAt)));
        }
        return new SagaRecord(id, sagaType, businessKey, status, version, data, stepIndex, direction, phase, attempt,
                awaitingMessageId, wakeAt, compensations, failureReason, history, createdAt,
                Instant.ofEpochSecond(endedSecond, endedNano));
    }

    /**
     * @return a record with this saga's query fields and nothing else, for {@link io.sagaflow.spi.SagaQuery#matches}
     *     before the whole record is unpacked
     */
    SagaRecord header() {
        return new SagaRecord(id, sagaType, businessKey, status, version, NO_DATA, 0, Direction.FORWARD,
                StepPhase.READY, 1, null, null, List.of(), null, List.of(), createdAt, createdAt);
    }

    private static void write(SagaRecord record, Writer out) {
        Instant base = record.createdAt();
        out.bytes(record.data());
        out.varInt(record.stepIndex());
        out.varInt(record.direction().ordinal());
        out.varInt(record.phase().ordinal());
        out.varInt(record.attempt());
        out.string(record.awaitingMessageId());
        if (record.wakeAt() == null) {
            out.varInt(0);
        } else {
            out.varInt(1);
            out.instant(record.wakeAt(), base);
        }
        out.varInt(record.compensations().size());
        for (int step : record.compensations()) {
            out.varInt(step);
        }
        out.string(record.failureReason());
        out.varInt(record.history().size());
        for (HistoryEntry entry : record.history()) {
            out.step(entry.step());
            out.varInt(entry.direction().ordinal());
            out.varInt(entry.attempt());
            out.varInt(entry.event().ordinal());
            out.string(entry.detail());
            out.instant(entry.at(), base);
        }
    }

    /** Writes into an array that grows as needed; reusable after {@link #reset()}. Package-private for its test. */
    static final class Writer {
        static final int INITIAL_SIZE = 1024;
        /** The largest array a kept writer may hold on to. */
        static final int MAX_KEPT_SIZE = 64 * 1024;
        /** The step names written so far, for back-references. */
        final String[] steps = new String[STEP_NAMES];
        private byte[] bytes;
        private int position;

        Writer(int expectedSize) {
            bytes = new byte[expectedSize];
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(bytes, position);
        }

        /** @return whether this writer, emptied, is worth keeping (its array did not grow past the limit) */
        boolean reset() {
            position = 0;
            java.util.Arrays.fill(steps, null);
            return bytes.length <= MAX_KEPT_SIZE;
        }

        /** Makes room for {@code more} bytes. */
        private void room(int more) {
            if (position + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
            }
        }

        private void put(int b) {
            bytes[position++] = (byte) b;
        }

        /** Unsigned LEB128; a negative value takes five bytes. */
        void varInt(int value) {
            room(5);
            while ((value & ~0x7F) != 0) {
                put((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            put(value);
        }

        void varLong(long value) {
            room(10);
            while ((value & ~0x7FL) != 0) {
                put((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            put((int) value);
        }

        void bytes(byte[] value) {
            varInt(value.length);
            room(value.length);
            System.arraycopy(value, 0, bytes, position, value.length);
            position += value.length;
        }

        /** Length plus one (0 for null), then each char in one to three bytes, as modified UTF-8 does. */
        void string(@Nullable String value) {
            if (value == null) {
                varInt(0);
                return;
            }
            int length = value.length();
            varInt(length + 1);
            room(3 * length);
            byte[] out = bytes;
            int at = position;
            for (int i = 0; i < length; i++) {
                char c = value.charAt(i);
                if (c < 0x80) {
                    out[at++] = (byte) c;
                } else if (c < 0x800) {
                    out[at++] = (byte) (0xC0 | c >> 6);
                    out[at++] = (byte) (0x80 | c & 0x3F);
                } else {
                    out[at++] = (byte) (0xE0 | c >> 12);
                    out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                    out[at++] = (byte) (0x80 | c & 0x3F);
                }
            }
            position = at;
        }

        /** 0 for none, the place plus one of a name written before, or -1 and the name. */
        void step(@Nullable String step) {
            String[] seen = steps;
            if (step == null) {
                varInt(0);
                return;
            }
            for (int i = 0; i < seen.length && seen[i] != null; i++) {
                if (seen[i].equals(step)) {
                    varInt(i + 1);
                    return;
                }
            }
            varInt(-1);
            string(step);
            for (int i = 0; i < seen.length; i++) {
                if (seen[i] == null) {
                    seen[i] = step;
                    return;
                }
            }
        }

        /** Seconds from the base instant, zigzag-coded as they may be negative, then the nanoseconds. */
        void instant(Instant at, Instant base) {
            long seconds = at.getEpochSecond() - base.getEpochSecond();
            varLong(seconds << 1 ^ seconds >> 63);
            varInt(at.getNano());
        }
    }

    /** Reads what {@link Writer} wrote, in the same order. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int varInt() {
            return (int) varLong();
        }

        long varLong() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        byte[] bytes() {
            int length = varInt();
            byte[] value = java.util.Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return value;
        }

        @Nullable String string() {
            int lengthPlusOne = varInt();
            if (lengthPlusOne == 0) {
                return null;
            }
            char[] chars = new char[lengthPlusOne - 1];
            for (int i = 0; i < chars.length; i++) {
                int b = bytes[position++] & 0xFF;
                if (b < 0x80) {
                    chars[i] = (char) b;
                } else if (b < 0xE0) {
                    chars[i] = (char) ((b & 0x1F) << 6 | bytes[position++] & 0x3F);
                } else {
                    chars[i] = (char) ((b & 0x0F) << 12 | (bytes[position++] & 0x3F) << 6 | bytes[position++] & 0x3F);
                }
            }
            return new String(chars);
        }

        @Nullable String step(List<String> seen) {
            int code = varInt();
            if (code == 0) {
                return null;
            }
            if (code > 0) {
                return seen.get(code - 1);
            }
            String step = string();
            if (seen.size() < STEP_NAMES) {
                seen.add(step);
            }
            return step;
        }

        Instant instant(Instant base) {
            long zigzag = varLong();
            long seconds = zigzag >>> 1 ^ -(zigzag & 1);
            return Instant.ofEpochSecond(base.getEpochSecond() + seconds, varInt());
        }
    }
}

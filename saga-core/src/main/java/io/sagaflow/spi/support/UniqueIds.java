package io.sagaflow.spi.support;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes the message and saga ids: UUID-shaped (version 4, IETF variant) strings, unique across processes with
 * overwhelming probability, without a lock or a {@link SecureRandom} call per id.
 *
 * <p>How: the high 64 bits are one process-wide prefix of 60 bits drawn once from {@link SecureRandom}; the low 64
 * bits are a process-wide 62-bit counter passed through a bijection (so consecutive ids do not look consecutive).
 * Two ids of one process differ in the counter and cannot collide until 2^62 ids have been made; two ids of different
 * processes collide only if both processes drew the same 60-bit prefix: among 10,000 processes (or restarts) that has
 * a probability below 10^-10.
 *
 * <p>Why not random per id: {@link UUID#randomUUID()} takes a lock in {@link SecureRandom} on every call, and in the
 * engine's profile it cost 9% of the CPU time of a saga. The ids need not be unpredictable: they are deduplication
 * and correlation keys, not secrets. A forged or replayed message is refused by the HMAC signing
 * ({@code io.sagaflow.security}), not by an id nobody can guess, and a message that names an id it should not is
 * refused by the engine because its correlation id does not match the awaited command.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class UniqueIds {
    private static final long MASK_62 = (1L << 62) - 1;
    /** Version 4 in bits 12..15 of the high half. */
    private static final long PREFIX = new SecureRandom().nextLong() & ~0xF000L | 0x4000L;
    private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextLong() & MASK_62);

    private UniqueIds() {
    }

    /** @return a fresh id, a lower-case UUID string of 36 characters */
    public static String next() {
        return uuid(PREFIX, COUNTER.getAndIncrement()).toString();
    }

    /**
     * @param prefix the high 64 bits, with the version nibble set
     * @param count a counter value
     * @return the UUID for them: the counter's low 62 bits scrambled, with the IETF variant
     */
    static UUID uuid(long prefix, long count) {
        return new UUID(prefix, scramble(count & MASK_62) | Long.MIN_VALUE);
    }

    /**
     * A bijection on 62-bit values (xor-shifts and odd multiplications modulo 2^62 are each invertible), so distinct
     * counter values give distinct ids.
     */
    static long scramble(long x) {
        x ^= x >>> 31;
        x = x * 0x7fb5d329728ea185L & MASK_62;
        x ^= x >>> 27;
        x = x * 0x81dadef4bc2dd44dL & MASK_62;
        x ^= x >>> 33;
        return x;
    }
}

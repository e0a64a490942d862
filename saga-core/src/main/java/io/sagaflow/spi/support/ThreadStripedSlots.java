package io.sagaflow.spi.support;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * A small table of slots for reusable objects, each thread starting at a slot chosen by its id: a thread usually takes
 * back what it left last, still in its core's cache, with one uncontended atomic operation each way. Bounded: an
 * object offered to full slots is refused (left to the garbage collector), and a take that finds its slots empty
 * returns {@code null}. Thread-safe.
 *
 * <p>For scratch objects that are dear to make and cheap to keep: the codec's Jackson buffers and generators, the
 * in-memory store's packing buffers. It suits platform and virtual threads alike: a virtual thread lands on some
 * slot and reuses what another thread left there, where a thread-local would give every new virtual thread objects
 * of its own that are never reused.
 *
 * @param <T> what the slots hold
 * @since 0.1
 */
public final class ThreadStripedSlots<T> {
    /** Slots probed from the home slot on; the next one catches a neighbour that took the home slot's object. */
    private static final int PROBES = 2;
    /**
     * Slot {@code i} lives at index {@code i << SPREAD}: 16 references apart, so that no two slots share a 64-byte
     * cache line and threads on different cores taking and returning objects do not bounce one line between them.
     */
    private static final int SPREAD = 4;

    private final AtomicReferenceArray<T> slots;
    private final int mask;

    /** @return slots for four objects per processor, at least 8 and at most 256 */
    public static <T> ThreadStripedSlots<T> perProcessor() {
        return new ThreadStripedSlots<>(Runtime.getRuntime().availableProcessors() * 4);
    }

    /** @param wanted slots wanted; rounded up to a power of two within 8..256 */
    public ThreadStripedSlots(int wanted) {
        int size = Integer.highestOneBit(Math.clamp(wanted, 8, 256) * 2 - 1);
        this.slots = new AtomicReferenceArray<>(size << SPREAD);
        this.mask = size - 1;
    }

    /** @return the most objects kept */
    public int capacity() {
        return mask + 1;
    }

    /** @return an object from the calling thread's slots, or {@code null} if they are empty */
    public @Nullable T take() {
        int home = home();
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i & mask) << SPREAD;
            // Read first: an empty slot is not written to, so threads missing it do not bounce its cache line.
            if (slots.get(slot) != null) {
                T taken = slots.getAndSet(slot, null);
                if (taken != null) {
                    return taken;
                }
            }
        }
        return null;
    }

    /** @param object to keep @return whether it was kept ({@code false}: the calling thread's slots are full) */
    public boolean offer(T object) {
        int home = home();
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i & mask) << SPREAD;
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, object)) {
                return true;
            }
        }
        return false;
    }

    /** @return how many objects are kept now */
    public int count() {
        int count = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                count++;
            }
        }
        return count;
    }

    /** Drops every object kept. */
    public void clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
    }

    private int home() {
        long id = Thread.currentThread().threadId();
        // Thread ids are sequential; spread neighbours over the table (Fibonacci hashing).
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
    }
}

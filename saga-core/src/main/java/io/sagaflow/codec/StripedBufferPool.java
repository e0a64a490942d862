package io.sagaflow.codec;

import java.io.Serial;
import java.util.concurrent.atomic.AtomicReferenceArray;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.RecyclerPool;

/**
 * Jackson's buffer recyclers, kept in a small table of slots chosen by the calling thread's id: a thread usually gets
 * back the buffers it released last, still in its core's cache, with one uncontended atomic operation each way.
 *
 * <p>Why not one of Jackson's pools: its default, a concurrent deque shared by all threads, cost about 9% more CPU per
 * saga in the in-memory benchmark (each release allocates a deque node, and buffers wander between cores); its
 * thread-local pool is as fast for long-lived threads, but gives every new virtual thread (a request per virtual
 * thread, as Spring Boot can run) buffers of its own that are never reused: for threads that encode once, that is no
 * recycling at all, which measured 2.2 times the CPU per saga.
 * Here a virtual thread lands on some slot and reuses what another thread left there.
 *
 * <p>Bounded: at most {@link #capacity()} recyclers are kept; one released to a full slot is left to the garbage
 * collector, and an acquire that finds its slots empty makes a new one. Thread-safe. Serializable only as Jackson's
 * mapper requires: a deserialized pool starts empty.
 */
final class StripedBufferPool implements RecyclerPool<BufferRecycler> {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Slots probed from the home slot on; the next one catches a neighbour that took the home slot's recycler. */
    private static final int PROBES = 2;
    /**
     * Slot {@code i} lives at index {@code i << SPREAD}: 16 references apart, so that no two slots share a 64-byte
     * cache line and threads on different cores taking and returning recyclers do not bounce one line between them.
     */
    private static final int SPREAD = 4;

    private final transient AtomicReferenceArray<BufferRecycler> slots;
    private final int mask;

    /** A pool of four slots per processor, at least 8 and at most 256. */
    StripedBufferPool() {
        this(Runtime.getRuntime().availableProcessors() * 4);
    }

    /** @param wanted slots wanted; rounded up to a power of two within 8..256 */
    StripedBufferPool(int wanted) {
        int size = Integer.highestOneBit(Math.clamp(wanted, 8, 256) * 2 - 1);
        this.slots = new AtomicReferenceArray<>(size << SPREAD);
        this.mask = size - 1;
    }

    /** @return the most recyclers this pool keeps (from the mask, which, unlike the transient table, is serialized) */
    int capacity() {
        return mask + 1;
    }

    @Override
    public BufferRecycler acquirePooled() {
        int home = home();
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i & mask) << SPREAD;
            // Read first: an empty slot is not written to, so threads missing it do not bounce its cache line.
            if (slots.get(slot) != null) {
                BufferRecycler taken = slots.getAndSet(slot, null);
                if (taken != null) {
                    return taken;
                }
            }
        }
        return new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        int home = home();
        for (int i = 0; i < PROBES; i++) {
            int slot = (home + i & mask) << SPREAD;
            if (slots.get(slot) == null && slots.compareAndSet(slot, null, recycler)) {
                return;
            }
        }
        // Both slots full: the garbage collector takes this one.
    }

    @Override
    public int pooledCount() {
        int count = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean clear() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, null);
        }
        return true;
    }

    private int home() {
        long id = Thread.currentThread().threadId();
        // Thread ids are sequential; spread neighbours over the table (Fibonacci hashing).
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
    }

    @Serial
    private Object readResolve() {
        return new StripedBufferPool(capacity());
    }
}

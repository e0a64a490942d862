package io.sagaflow.codec;

import io.sagaflow.spi.support.ThreadStripedSlots;
import java.io.Serial;
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

    private final transient ThreadStripedSlots<BufferRecycler> slots;
    private final int capacity;

    /** A pool of four slots per processor, at least 8 and at most 256. */
    StripedBufferPool() {
        this(Runtime.getRuntime().availableProcessors() * 4);
    }

    /** @param wanted slots wanted; rounded up to a power of two within 8..256 */
    StripedBufferPool(int wanted) {
        this.slots = new ThreadStripedSlots<>(wanted);
        this.capacity = slots.capacity();
    }

    /** @return the most recyclers this pool keeps (kept in a field, which, unlike the transient table, is serialized) */
    int capacity() {
        return capacity;
    }

    @Override
    public BufferRecycler acquirePooled() {
        BufferRecycler taken = slots.take();
        return taken != null ? taken : new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        // Slots full: the garbage collector takes this one.
        slots.offer(recycler);
    }

    @Override
    public int pooledCount() {
        return slots.count();
    }

    @Override
    public boolean clear() {
        slots.clear();
        return true;
    }

    @Serial
    private Object readResolve() {
        return new StripedBufferPool(capacity());
    }
}

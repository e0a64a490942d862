package io.sagaflow.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.BufferRecycler;

class StripedBufferPoolTest {
    private final StripedBufferPool pool = new StripedBufferPool(16);

    @Test
    void aThreadGetsBackTheRecyclerItReleased() {
        BufferRecycler first = pool.acquirePooled();
        pool.releasePooled(first);
        assertThat(pool.acquirePooled()).isSameAs(first);
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void oneThreadKeepsAtMostTwoRecyclersAndTheRestAreLeftToTheCollector() {
        List<BufferRecycler> taken = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            taken.add(pool.acquirePooled());
        }
        taken.forEach(pool::releasePooled);
        assertThat(pool.pooledCount()).isEqualTo(2);
        assertThat(pool.clear()).isTrue();
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void underContentionNoRecyclerIsHeldByTwoThreadsAndMostAreReused() throws InterruptedException {
        Set<BufferRecycler> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        Set<BufferRecycler> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        AtomicInteger doubleHeld = new AtomicInteger();
        int threads = 64;
        int rounds = 2_000;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    BufferRecycler recycler = pool.acquirePooled();
                    seen.add(recycler);
                    if (!held.add(recycler)) {
                        doubleHeld.incrementAndGet();
                    }
                    if (i % 7 == 0) {
                        Thread.yield();
                    }
                    held.remove(recycler);
                    pool.releasePooled(recycler);
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        assertThat(doubleHeld).hasValue(0);
        assertThat(pool.pooledCount()).isBetween(1, pool.capacity());
        // 128,000 acquisitions; without reuse each would have made a recycler of its own.
        assertThat(seen.size()).isLessThan(threads * rounds / 20);
    }

    @Test
    void aDeserializedPoolHasTheSameSlotsAndStartsEmpty() throws Exception {
        pool.releasePooled(new BufferRecycler());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pool);
        }
        StripedBufferPool copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (StripedBufferPool) in.readObject();
        }
        assertThat(copy.capacity()).isEqualTo(pool.capacity());
        assertThat(copy.pooledCount()).isZero();
        BufferRecycler recycler = copy.acquirePooled();
        copy.releasePooled(recycler);
        assertThat(copy.acquirePooled()).isSameAs(recycler);
    }
}

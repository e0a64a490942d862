package io.sagaflow.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaId;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UniqueIdsTest {

    @Test
    void idsAreVersionFourUuidsThatSagaIdAccepts() {
        String id = UniqueIds.next();
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(new SagaId(id).value()).isEqualTo(id);
    }

    @Test
    void scrambleIsABijectionOnItsRange() {
        // Distinct counters must give distinct ids: check a dense range and a range around the wrap of 62 bits.
        Set<Long> seen = new HashSet<>();
        long wrap = (1L << 62) - 100_000;
        for (long i = 0; i < 100_000; i++) {
            long a = UniqueIds.scramble(i);
            long b = UniqueIds.scramble(wrap + i);
            assertThat(a).isBetween(0L, (1L << 62) - 1);
            assertThat(seen.add(a)).isTrue();
            assertThat(seen.add(b)).isTrue();
        }
    }

    @Test
    void concurrentCallersNeverGetTheSameId() throws InterruptedException {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        var started = IntStream.range(0, threads).mapToObj(t -> Thread.ofPlatform().start(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < each; i++) {
                ids.add(UniqueIds.next());
            }
        })).toList();
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertThat(ids).hasSize(threads * each);
    }

    @Test
    void consecutiveIdsDoNotShareTheirLowHalf() {
        UUID a = UUID.fromString(UniqueIds.next());
        UUID b = UUID.fromString(UniqueIds.next());
        assertThat(a.getMostSignificantBits()).isEqualTo(b.getMostSignificantBits());
        assertThat(Long.bitCount(a.getLeastSignificantBits() ^ b.getLeastSignificantBits())).isGreaterThan(8);
    }
}

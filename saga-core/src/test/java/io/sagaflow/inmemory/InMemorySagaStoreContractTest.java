package io.sagaflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.SagaStoreContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySagaStoreContractTest extends SagaStoreContract {
    @Override
    protected SagaStore createStore() {
        return new InMemorySagaStore();
    }

    @Test
    void purgeGoesByTheLastUpdateOfASagaUpdatedAgainAfterItEnded() {
        InMemorySagaStore store = new InMemorySagaStore();
        SagaRecord created = saga("s", null, T0);
        store.create(created, List.of());
        SagaRecord ended = next(created, SagaStatus.COMPLETED, null);
        store.update(ended, 0, List.of());
        SagaRecord later = new SagaRecord(ended.id(), ended.sagaType(), null, SagaStatus.COMPLETED, 2, ended.data(),
                ended.stepIndex(), ended.direction(), ended.phase(), 1, null, null, List.of(), null, List.of(),
                T0, T0.plusSeconds(600));
        store.update(later, 1, List.of());

        assertThat(store.purge(T0.plusSeconds(60))).isZero();
        assertThat(store.find(created.id())).contains(later);
        assertThat(store.purge(T0.plusSeconds(601))).isEqualTo(1);
        assertThat(store.find(created.id())).isEmpty();
        assertThat(store.purge(T0.plusSeconds(6000))).isZero();
    }

    @Test
    void purgeLeavesASagaThatLeftItsEndAgain() {
        InMemorySagaStore store = new InMemorySagaStore();
        SagaRecord created = saga("s", null, T0);
        store.create(created, List.of());
        SagaRecord ended = next(created, SagaStatus.COMPENSATED, null);
        store.update(ended, 0, List.of());
        store.update(next(ended, SagaStatus.RUNNING, null), 1, List.of());

        assertThat(store.purge(T0.plusSeconds(60))).isZero();
        assertThat(store.find(created.id())).isPresent();
    }

    @Test
    void keepsTheLastEndedSagasAndForgetsOlderOnesAsNewOnesEnd() {
        InMemorySagaStore store = new InMemorySagaStore(3);
        SagaRecord failed = end(store, saga("s", null, T0), SagaStatus.FAILED);
        SagaRecord running = saga("s", null, T0);
        store.create(running, List.of());
        List<SagaRecord> ended = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SagaStatus status = i % 2 == 0 ? SagaStatus.COMPLETED : SagaStatus.COMPENSATED;
            ended.add(end(store, saga("s", "key-" + i, T0.plusSeconds(i + 1)), status));
        }

        assertThat(ended.subList(0, 2)).allSatisfy(r -> assertThat(store.find(r.id())).isEmpty());
        assertThat(ended.subList(2, 5)).allSatisfy(r -> assertThat(store.find(r.id())).contains(r));
        assertThat(store.find(failed.id())).as("a FAILED saga waits for a person").isPresent();
        assertThat(store.find(running.id())).isPresent();
        assertThat(store.size()).isEqualTo(5);
        SagaRecord again = saga("s", "key-0", T0.plusSeconds(60));
        assertThat(store.create(again, List.of())).as("a forgotten saga's business key is free").isEqualTo(again);
        assertThat(store.findByBusinessKey("s", "key-4")).map(SagaRecord::id).contains(ended.get(4).id());
    }

    @Test
    void purgeAndForgettingCountTheSameEndedSagasOnce() {
        InMemorySagaStore store = new InMemorySagaStore(2);
        SagaRecord first = end(store, saga("s", null, T0), SagaStatus.COMPLETED);
        end(store, saga("s", null, T0.plusSeconds(1)), SagaStatus.COMPLETED);
        assertThat(store.purge(T0.plusSeconds(600))).isEqualTo(2);
        assertThat(store.find(first.id())).isEmpty();

        List<SagaRecord> later = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            later.add(end(store, saga("s", null, T0.plusSeconds(700 + i)), SagaStatus.COMPLETED));
        }
        assertThat(later).as("the purge freed both places").allSatisfy(r -> assertThat(store.find(r.id())).isPresent());
        SagaRecord third = end(store, saga("s", null, T0.plusSeconds(800)), SagaStatus.COMPLETED);
        assertThat(store.find(later.get(0).id())).isEmpty();
        assertThat(store.find(third.id())).isPresent();
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void keepingNoEndedSagaForgetsEachAsItEndsAndRefusesANegativeCount() {
        InMemorySagaStore store = new InMemorySagaStore(0);
        SagaRecord done = end(store, saga("s", null, T0), SagaStatus.COMPLETED);
        assertThat(store.find(done.id())).isEmpty();
        assertThat(store.keepSettled()).isZero();
        assertThat(new InMemorySagaStore().keepSettled()).isEqualTo(InMemorySagaStore.DEFAULT_KEEP_SETTLED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InMemorySagaStore(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepSettled must be >= 0, was -1");
    }

    @Test
    void handsBackAnEndedSagaKeptPackedExactlyAsItWasGiven() {
        InMemorySagaStore store = new InMemorySagaStore();
        SagaRecord created = saga("place-order", "order-7", T0);
        store.create(created, List.of());
        SagaRecord ended = new SagaRecord(created.id(), "place-order", "order-7", SagaStatus.COMPENSATED, 1,
                "{\"note\":\"ünïcødé\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1,
                io.sagaflow.Direction.COMPENSATION, io.sagaflow.spi.StepPhase.READY, 2, null, T0.plusSeconds(5),
                List.of(0), "step 'charge' rejected: card declined",
                List.of(new io.sagaflow.HistoryEntry("charge", io.sagaflow.Direction.FORWARD, 2,
                        io.sagaflow.HistoryEvent.REJECTED, "card declined", T0.plusMillis(3))),
                T0, T0.plusSeconds(1));
        store.update(ended, 0, List.of());

        assertThat(store.find(created.id())).contains(ended);
        assertThat(store.findByBusinessKey("place-order", "order-7")).contains(ended);
        assertThat(store.query(io.sagaflow.spi.SagaQuery.withStatus(SagaStatus.COMPENSATED, 5))).containsExactly(ended);
        assertThat(store.findDue(T0.plusSeconds(6), 5)).containsExactly(ended);
        assertThat(store.countByStatus()).containsEntry(SagaStatus.COMPENSATED, 1L);
        assertThat(store.create(saga("place-order", "order-7", T0), List.of())).isEqualTo(ended);
    }

    @Test
    void purgeTakesOnlySagasThatEndedStrictlyBeforeTheCutOff() {
        InMemorySagaStore store = new InMemorySagaStore();
        SagaRecord ended = end(store, saga("s", "key", T0), SagaStatus.COMPLETED);

        assertThat(store.purge(ended.updatedAt())).isZero();
        assertThat(store.find(ended.id())).contains(ended);
        assertThat(store.purge(ended.updatedAt().plusNanos(1))).isEqualTo(1);
        assertThat(store.find(ended.id())).isEmpty();
        assertThat(store.findByBusinessKey("s", "key")).isEmpty();
    }

    @Test
    void sagasEndingOnManyThreadsAtOnceLeaveExactlyTheKeptNumber() throws Exception {
        int keep = 300;
        int threads = 4;
        int perThread = 2_000;
        InMemorySagaStore store = new InMemorySagaStore(keep);
        SagaRecord running = saga("s", null, T0);
        store.create(running, List.of());
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<SagaRecord> all = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        all.add(end(store, saga("s", "t" + thread + "-" + i, T0.plusMillis(i)),
                                i % 2 == 0 ? SagaStatus.COMPLETED : SagaStatus.COMPENSATED));
                    }
                    return null;
                });
            }
            start.countDown();
        }

        assertThat(all).hasSize(threads * perThread);
        // A saga is kept with its business key, or forgotten with it: never one without the other.
        assertThat(all.stream().filter(r -> store.find(r.id()).isPresent()).count()).isEqualTo(keep);
        assertThat(all).allSatisfy(r -> assertThat(store.findByBusinessKey("s", r.businessKey()).isPresent())
                .isEqualTo(store.find(r.id()).isPresent()));
        assertThat(store.size()).isEqualTo(keep + 1);
        Map<SagaStatus, Long> counts = store.countByStatus();
        assertThat(counts.get(SagaStatus.COMPLETED) + counts.get(SagaStatus.COMPENSATED)).isEqualTo(keep);
        assertThat(store.find(running.id())).contains(running);
        assertThat(store.purge(T0.plusSeconds(3600))).isEqualTo(keep);
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aCreateRacingTheForgettingOfAnEndedSagaWithItsBusinessKeyReturns() throws Exception {
        // Kept none: each saga is forgotten as it ends, its record first and then its business key. A create of
        // the same key in between found the key taken by a saga no longer there, and waited for it for ever.
        InMemorySagaStore store = new InMemorySagaStore(0);
        int threads = 2;
        int rounds = 100_000;
        java.util.concurrent.atomic.AtomicInteger owned = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < rounds; i++) {
                            SagaRecord mine = saga("s", "contended", T0);
                            if (store.create(mine, List.of()) == mine) {
                                owned.incrementAndGet();
                                store.update(next(mine, SagaStatus.COMPLETED, null), 0, List.of());
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (var future : done) {
                    future.get();
                }
            }
        });

        assertThat(owned.get()).isPositive();
        assertThat(store.size()).isZero();
        assertThat(store.findByBusinessKey("s", "contended")).isEmpty();
    }

    private static SagaRecord end(InMemorySagaStore store, SagaRecord created, SagaStatus status) {
        store.create(created, List.of());
        SagaRecord ended = next(created, status, null);
        store.update(ended, 0, List.of());
        return ended;
    }
}

package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sagaflow.ConcurrentSagaUpdateException;
import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.SagaStoreException;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit of {@link JdbcSagaStore} writes: one caller's commit is held at a gate while others queue behind it,
 * so the queued writes are certain to share the next transaction; then each caller's outcome is checked. Run per
 * database by the subclasses.
 */
abstract class GroupCommitTests {
    private static final int QUEUED = 15;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private CommitGate gate;
    private String schema;
    private JdbcSagaStore store;
    private ExecutorService callers;

    abstract TestDatabase database();

    @BeforeEach
    void openStore() {
        gate = new CommitGate(database().dataSource);
        schema = database().newSchema();
        store = JdbcSagaStore.builder(gate.dataSource()).dialect(database().dialect).schema(schema)
                .createSchema(true).build();
        callers = Executors.newFixedThreadPool(QUEUED + 1);
    }

    @AfterEach
    void closeStore() {
        callers.shutdownNow();
        store.close();
    }

    @Test
    void concurrentUpdatesOfDifferentSagasCommitTogetherWithTheirMessages() throws Exception {
        List<SagaRecord> sagas = createSagas(QUEUED + 1);
        List<Callable<SagaRecord>> updates = new ArrayList<>();
        for (SagaRecord saga : sagas) {
            updates.add(() -> update(saga, saga.version(), "m-" + saga.id()));
        }
        long batches = store.groupCommit().batches();
        int commits = gate.commits();

        List<Future<SagaRecord>> results = heldThenQueued(updates);

        for (Future<SagaRecord> result : results) {
            result.get(20, TimeUnit.SECONDS);
        }
        int writeCommits = gate.commits() - commits;
        for (SagaRecord saga : sagas) {
            assertThat(store.find(saga.id()).orElseThrow().version()).isEqualTo(1);
            assertThat(outboxRows("m-" + saga.id())).isEqualTo(1);
        }
        // The held caller's transaction, then one for all the writes queued behind it.
        assertThat(store.groupCommit().batches() - batches).isEqualTo(2);
        assertThat(writeCommits).isEqualTo(2);
        assertThat(store.outbox().pending()).isEqualTo(2L * sagas.size());
    }

    @Test
    void manyThreadsUpdatingTheirOwnSagasLoseNoWriteAndNoMessage() throws Exception {
        int rounds = 40;
        List<SagaRecord> sagas = createSagas(QUEUED + 1);
        List<Future<?>> threads = new ArrayList<>();
        for (SagaRecord saga : sagas) {
            threads.add(callers.submit(() -> {
                for (int version = 0; version < rounds; version++) {
                    update(saga, version, "m-" + saga.id() + "-" + version);
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get(60, TimeUnit.SECONDS);
        }
        for (SagaRecord saga : sagas) {
            assertThat(store.find(saga.id()).orElseThrow().version()).isEqualTo(rounds);
        }
        assertThat(store.outbox().pending()).isEqualTo((long) sagas.size() * (rounds + 1));
    }

    @Test
    void staleVersionInABatchFailsOnlyItsSagaAndWritesNoneOfItsMessages() throws Exception {
        List<SagaRecord> sagas = createSagas(QUEUED + 1);
        SagaRecord stale = sagas.get(QUEUED / 2 + 1);
        List<Callable<SagaRecord>> updates = new ArrayList<>();
        for (SagaRecord saga : sagas) {
            long expected = saga == stale ? 7 : saga.version();
            updates.add(() -> update(saga, expected, "m-" + saga.id()));
        }
        long batches = store.groupCommit().batches();

        List<Future<SagaRecord>> results = heldThenQueued(updates);

        for (int i = 0; i < sagas.size(); i++) {
            SagaRecord saga = sagas.get(i);
            if (saga == stale) {
                assertThatThrownBy(() -> results.get(sagas.indexOf(stale)).get(20, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(ConcurrentSagaUpdateException.class).hasMessageContaining(
                                saga.id().value());
                assertThat(store.find(saga.id()).orElseThrow().version()).isZero();
                assertThat(outboxRows("m-" + saga.id())).isZero();
            } else {
                results.get(i).get(20, TimeUnit.SECONDS);
                assertThat(store.find(saga.id()).orElseThrow().version()).isEqualTo(1);
                assertThat(outboxRows("m-" + saga.id())).isEqualTo(1);
            }
        }
        assertThat(store.groupCommit().batches() - batches).isEqualTo(2);
    }

    @Test
    void takenBusinessKeyInABatchReturnsTheExistingSagaToThatCallerOnly() throws Exception {
        SagaRecord taken = saga("order-taken");
        store.create(taken, List.of(Messages.command("m-taken", taken.id())));
        SagaRecord duplicate = saga("order-taken");
        SagaRecord twinA = saga("order-twin");
        SagaRecord twinB = saga("order-twin");
        List<SagaRecord> creates = new ArrayList<>();
        for (int i = 0; i <= QUEUED - 3; i++) {
            creates.add(saga("order-" + i));
        }
        creates.add(QUEUED / 2, duplicate);
        creates.add(twinA);
        creates.add(twinB);
        List<Callable<SagaRecord>> calls = new ArrayList<>();
        for (SagaRecord saga : creates) {
            calls.add(() -> store.create(saga, List.of(Messages.command("m-" + saga.id(), saga.id()))));
        }
        long batches = store.groupCommit().batches();

        List<Future<SagaRecord>> results = heldThenQueued(calls);

        // The twins queue in whichever order their threads ran: the first queued wins, the other gets its saga.
        SagaRecord twinWinner = results.get(creates.indexOf(twinA)).get(20, TimeUnit.SECONDS);
        assertThat(twinWinner).isIn(twinA, twinB);
        SagaRecord twinLoser = twinWinner == twinA ? twinB : twinA;
        for (int i = 0; i < creates.size(); i++) {
            SagaRecord saga = creates.get(i);
            SagaRecord stored = results.get(i).get(20, TimeUnit.SECONDS);
            if (saga == duplicate) {
                assertThat(stored).isEqualTo(taken);
                assertThat(outboxRows("m-" + saga.id())).isZero();
            } else if (saga == twinLoser) {
                // Behind its twin in the same batch: the twin's saga, written with it.
                assertThat(stored).isEqualTo(twinWinner);
                assertThat(outboxRows("m-" + saga.id())).isZero();
            } else {
                assertThat(stored).isEqualTo(saga);
                assertThat(outboxRows("m-" + saga.id())).isEqualTo(1);
            }
        }
        assertThat(store.find(duplicate.id())).isEmpty();
        assertThat(store.find(twinLoser.id())).isEmpty();
        assertThat(store.groupCommit().batches() - batches).isEqualTo(2);
    }

    @Test
    void failingStatementInABatchFailsAloneAndLosesNoOtherWrite() throws Exception {
        List<SagaRecord> creates = new ArrayList<>();
        for (int i = 0; i <= QUEUED; i++) {
            creates.add(saga("order-" + i));
        }
        SagaRecord oversize = saga("k".repeat(600)); // the column holds 500
        creates.set(QUEUED / 2 + 1, oversize);
        List<Callable<SagaRecord>> calls = new ArrayList<>();
        for (SagaRecord saga : creates) {
            calls.add(() -> store.create(saga, List.of(Messages.command("m-" + saga.id(), saga.id()))));
        }

        List<Future<SagaRecord>> results = heldThenQueued(calls);

        for (int i = 0; i < creates.size(); i++) {
            SagaRecord saga = creates.get(i);
            if (saga == oversize) {
                int index = i;
                assertThatThrownBy(() -> results.get(index).get(20, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(SagaStoreException.class).hasMessageContaining(saga.id().value());
                assertThat(store.find(saga.id())).isEmpty();
                assertThat(outboxRows("m-" + saga.id())).isZero();
            } else {
                assertThat(results.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(saga);
                assertThat(store.find(saga.id())).contains(saga);
                assertThat(outboxRows("m-" + saga.id())).isEqualTo(1);
            }
        }
    }

    @Test
    void failedCommitFailsEveryWriteOfTheBatchAsUnknownAndTheStoreGoesOn() throws Exception {
        List<SagaRecord> sagas = createSagas(QUEUED + 1);
        List<Callable<SagaRecord>> updates = new ArrayList<>();
        for (SagaRecord saga : sagas) {
            updates.add(() -> update(saga, saga.version(), "m-" + saga.id()));
        }
        CountDownLatch release = gate.holdNextCommit();
        Future<SagaRecord> first = callers.submit(updates.get(0));
        gate.awaitHolding();
        List<Future<SagaRecord>> queued = new ArrayList<>();
        for (Callable<SagaRecord> update : updates.subList(1, updates.size())) {
            queued.add(callers.submit(update));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> store.groupCommit().queued() == QUEUED);
        gate.failNextCommit(new SQLException("connection lost during commit", "08006"));
        release.countDown();

        assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(SagaStoreException.class)
                .hasMessageContaining("unknown");
        for (Future<SagaRecord> result : queued) {
            assertThat(result.get(20, TimeUnit.SECONDS)).isNotNull();
        }
        // The failed commit was rolled back by the gate: the first saga is unchanged and can be written again.
        assertThat(store.find(sagas.get(0).id()).orElseThrow().version()).isZero();
        update(sagas.get(0), 0, "again");
        assertThat(outboxRows("again")).isEqualTo(1);
    }

    @Test
    void withoutGroupCommitEveryWriteIsATransactionOfItsOwn() {
        JdbcSagaStore plain = JdbcSagaStore.builder(gate.dataSource()).dialect(database().dialect).schema(schema)
                .groupCommit(false).build();
        try {
            int commits = gate.commits();
            SagaRecord saga = saga(null);
            plain.create(saga, List.of(Messages.command("m-1", saga.id())));
            update(plain, saga, 0, "m-2");
            assertThat(gate.commits() - commits).isEqualTo(2);
            assertThatThrownBy(() -> update(plain, saga, 0, "m-3")).isInstanceOf(ConcurrentSagaUpdateException.class);

            assertThat(plain.groupCommit()).isNull();
            assertThat(outboxRows("m-2")).isEqualTo(1);
            assertThat(outboxRows("m-3")).isZero();
        } finally {
            plain.close();
        }
    }

    @Test
    void maxBatchSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> JdbcSagaStore.builder(gate.dataSource()).maxBatchSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    }

    /** Starts the first call, holds its commit, queues the others behind it, then lets them all go. */
    private List<Future<SagaRecord>> heldThenQueued(List<Callable<SagaRecord>> calls) throws InterruptedException {
        CountDownLatch release = gate.holdNextCommit();
        List<Future<SagaRecord>> results = new ArrayList<>();
        results.add(callers.submit(calls.get(0)));
        gate.awaitHolding();
        for (Callable<SagaRecord> call : calls.subList(1, calls.size())) {
            results.add(callers.submit(call));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> store.groupCommit().queued() == calls.size() - 1);
        release.countDown();
        return results;
    }

    private List<SagaRecord> createSagas(int n) {
        List<SagaRecord> sagas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SagaRecord saga = saga(null);
            store.create(saga, List.of(Messages.command("c-" + saga.id(), saga.id())));
            sagas.add(saga);
        }
        return sagas;
    }

    private SagaRecord update(SagaRecord saga, long expectedVersion, String messageId) {
        return update(store, saga, expectedVersion, messageId);
    }

    private static SagaRecord update(JdbcSagaStore target, SagaRecord saga, long expectedVersion, String messageId) {
        SagaRecord next = new SagaRecord(saga.id(), saga.sagaType(), saga.businessKey(), SagaStatus.RUNNING,
                expectedVersion + 1, new byte[] {1}, 1, Direction.FORWARD, StepPhase.AWAITING_REPLY, 1, messageId,
                null, List.of(0), null, List.of(), saga.createdAt(), T0.plusSeconds(1));
        target.update(next, expectedVersion, List.of(Messages.command(messageId, saga.id())));
        return next;
    }

    private static SagaRecord saga(String businessKey) {
        return new SagaRecord(SagaId.random(), "place-order", businessKey, SagaStatus.RUNNING, 0, new byte[0], 0,
                Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(), null, List.of(), T0, T0);
    }

    private long outboxRows(String messageId) {
        return database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox WHERE message_id = '"
                + messageId + "'");
    }
}

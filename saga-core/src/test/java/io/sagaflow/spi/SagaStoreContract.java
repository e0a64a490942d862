package io.sagaflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.sagaflow.ConcurrentSagaUpdateException;
import io.sagaflow.Direction;
import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The rules every {@link SagaStore} keeps, run against each implementation: extend it, return a fresh, empty store
 * from {@link #createStore()}, and every test here runs on it. A store that is {@link AutoCloseable} is closed after
 * each test.
 *
 * @since 0.1
 */
public abstract class SagaStoreContract {
    /** An instant with nanoseconds, which stores must keep exactly. */
    protected static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456789Z");

    /** The store under test, fresh for each test. */
    protected SagaStore store;

    /** @return a new, empty store */
    protected abstract SagaStore createStore();

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore();
    }

    @AfterEach
    void closeStoreUnderTest() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void findReturnsEveryFieldExactlyAsCreated() {
        SagaRecord full = new SagaRecord(SagaId.random(), "place-order", "order-42", SagaStatus.COMPENSATING, 0,
                "{\"id\":42,\"note\":\"ünïcødé\"}".getBytes(StandardCharsets.UTF_8), 2, Direction.COMPENSATION,
                StepPhase.AWAITING_REPLY, 3, "message-7", T0.plusNanos(1), List.of(0, 1),
                "step 'charge' rejected: card declined",
                List.of(new HistoryEntry(null, Direction.FORWARD, 0, HistoryEvent.SAGA_STARTED, null, T0),
                        new HistoryEntry("charge", Direction.COMPENSATION, 3, HistoryEvent.TIMED_OUT,
                                "no reply within PT2S", T0.plusMillis(5).plusNanos(7))),
                T0, T0.plusSeconds(1).plusNanos(999));
        SagaRecord sparse = new SagaRecord(SagaId.random(), "place-order", null, SagaStatus.RUNNING, 0, new byte[0],
                0, Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(), null, List.of(), T0, T0);

        assertThat(store.create(full, List.of())).isEqualTo(full);
        assertThat(store.create(sparse, List.of())).isEqualTo(sparse);

        assertThat(store.find(full.id())).contains(full);
        assertThat(store.find(sparse.id())).contains(sparse);
        assertThat(store.find(SagaId.random())).isEmpty();
    }

    @Test
    void findsBySagaTypeAndBusinessKey() {
        SagaRecord order = saga("place-order", "key-1", T0);
        SagaRecord refund = saga("refund", "key-1", T0);
        store.create(order, List.of());
        store.create(refund, List.of());

        assertThat(store.findByBusinessKey("place-order", "key-1")).contains(order);
        assertThat(store.findByBusinessKey("refund", "key-1")).contains(refund);
        assertThat(store.findByBusinessKey("place-order", "key-2")).isEmpty();
    }

    @Test
    void createWithTakenBusinessKeyReturnsTheExistingSagaAndStoresNothing() throws Exception {
        SagaRecord first = saga("place-order", "order-1", T0);
        SagaRecord second = saga("place-order", "order-1", T0.plusSeconds(1));
        store.create(first, List.of(command(first, "first")));

        SagaRecord stored = store.create(second, List.of(command(second, "second")));

        assertThat(stored).isEqualTo(first);
        assertThat(store.find(second.id())).isEmpty();
        assertThat(relayAll()).extracting(Envelope::messageId).containsExactly("first");
    }

    @Test
    void concurrentCreatesWithOneBusinessKeyYieldOneSaga() throws Exception {
        List<SagaRecord> candidates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            candidates.add(saga("place-order", "contended", T0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(candidates.size());
        try {
            List<Future<SagaRecord>> results = new ArrayList<>();
            for (SagaRecord candidate : candidates) {
                results.add(pool.submit(() -> store.create(candidate, List.of(command(candidate, "m-"
                        + candidate.id())))));
            }
            Set<SagaId> winners = new HashSet<>();
            for (Future<SagaRecord> result : results) {
                winners.add(result.get().id());
            }
            assertThat(winners).hasSize(1);
            assertThat(relayAll()).extracting(Envelope::messageId)
                    .containsExactly("m-" + winners.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateReplacesTheSagaAndBumpsItsVersion() {
        SagaRecord created = saga("place-order", null, T0);
        store.create(created, List.of());
        SagaRecord next = next(created, SagaStatus.COMPLETED, null);

        store.update(next, 0, List.of());

        assertThat(store.find(created.id())).contains(next);
    }

    @Test
    void updateWithStaleVersionThrowsAndWritesNeitherStateNorMessages() throws Exception {
        SagaRecord created = saga("place-order", null, T0);
        store.create(created, List.of(command(created, "m1")));
        SagaRecord winner = next(created, SagaStatus.RUNNING, T0.plusSeconds(5));
        store.update(winner, 0, List.of(command(created, "m2")));
        SagaRecord loser = next(created, SagaStatus.COMPENSATING, null);

        assertThatThrownBy(() -> store.update(loser, 0, List.of(command(created, "lost"))))
                .isInstanceOf(ConcurrentSagaUpdateException.class)
                .hasMessageContaining(created.id().value());

        assertThat(store.find(created.id())).contains(winner);
        assertThat(relayAll()).extracting(Envelope::messageId).containsExactly("m1", "m2");
    }

    @Test
    void ofUpdatesRacingFromOneVersionExactlyOneWinsAndOnlyItsMessagesAreWritten() throws Exception {
        int racers = 6;
        SagaRecord current = saga("place-order", null, T0);
        store.create(current, List.of());
        List<String> winners = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            // Rounds while the saga runs, and a last one in which every racer ends it.
            int rounds = 20;
            for (int round = 0; round < rounds; round++) {
                long version = current.version();
                SagaStatus status = round < rounds - 1 ? SagaStatus.RUNNING : SagaStatus.COMPLETED;
                CountDownLatch gate = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                List<SagaRecord> candidates = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    SagaRecord candidate = next(current, status,
                            status.isSettled() ? null : T0.plusSeconds(60L * round + i + 1));
                    String messageId = "v" + version + "-" + i;
                    candidates.add(candidate);
                    results.add(pool.submit(() -> {
                        gate.await();
                        try {
                            store.update(candidate, version, List.of(command(candidate, messageId)));
                            return messageId;
                        } catch (ConcurrentSagaUpdateException lost) {
                            return null;
                        }
                    }));
                }
                gate.countDown();
                List<String> won = new ArrayList<>();
                for (Future<String> result : results) {
                    String messageId = result.get(30, TimeUnit.SECONDS);
                    if (messageId != null) {
                        won.add(messageId);
                    }
                }
                assertThat(won).as("winners from version %d", version).hasSize(1);
                String won0 = won.get(0);
                SagaRecord winner = candidates.get(Integer.parseInt(won0.substring(won0.indexOf('-') + 1)));
                assertThat(store.find(current.id())).contains(winner);
                winners.add(won.get(0));
                current = winner;
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(relayAll()).extracting(Envelope::messageId).containsExactlyElementsOf(winners);
    }

    @Test
    void updateOfAMissingSagaThrowsConcurrentUpdate() {
        SagaRecord ghost = next(saga("place-order", null, T0), SagaStatus.RUNNING, null);

        assertThatThrownBy(() -> store.update(ghost, 0, List.of()))
                .isInstanceOf(ConcurrentSagaUpdateException.class);
        assertThat(store.find(ghost.id())).isEmpty();
    }

    @Test
    void findDueReturnsSagasWhoseTimerIsDueEarliestFirstUpToTheLimit() {
        SagaRecord late = withWake(saga("s", null, T0), T0.plusSeconds(30));
        SagaRecord first = withWake(saga("s", null, T0), T0.plusSeconds(1));
        SagaRecord second = withWake(saga("s", null, T0), T0.plusSeconds(2));
        SagaRecord exactlyNow = withWake(saga("s", null, T0), T0.plusSeconds(10));
        SagaRecord noTimer = saga("s", null, T0);
        for (SagaRecord record : List.of(late, first, second, exactlyNow, noTimer)) {
            store.create(record, List.of());
        }
        Instant now = T0.plusSeconds(10);

        assertThat(store.findDue(now, 10)).containsExactly(first, second, exactlyNow);
        assertThat(store.findDue(now, 2)).containsExactly(first, second);
        assertThat(store.findDue(T0, 10)).isEmpty();
    }

    @Test
    void findDueFollowsTheTimerOfTheLatestVersion() {
        SagaRecord waiting = withWake(saga("s", null, T0), T0.plusSeconds(1));
        store.create(waiting, List.of());
        SagaRecord settled = next(waiting, SagaStatus.COMPLETED, null);
        store.update(settled, 0, List.of());
        SagaRecord other = withWake(saga("s", null, T0), T0.plusSeconds(1));
        store.create(other, List.of());
        SagaRecord postponed = next(other, SagaStatus.RUNNING, T0.plusSeconds(60));
        store.update(postponed, 0, List.of());

        assertThat(store.findDue(T0.plusSeconds(10), 10)).isEmpty();
        assertThat(store.findDue(T0.plusSeconds(60), 10)).containsExactly(postponed);
    }

    @Test
    void queryFiltersNewestFirstAndPages() {
        List<SagaRecord> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SagaRecord order = saga("place-order", "order-" + i, T0.plusSeconds(i));
            orders.add(order);
            store.create(order, List.of());
        }
        SagaRecord refund = saga("refund", "order-1", T0.plusSeconds(10));
        store.create(refund, List.of());
        SagaRecord done = next(orders.get(3), SagaStatus.COMPLETED, null);
        store.update(done, 0, List.of());

        assertThat(store.query(SagaQuery.all(100))).extracting(SagaRecord::id).containsExactly(refund.id(),
                orders.get(4).id(), orders.get(3).id(), orders.get(2).id(), orders.get(1).id(), orders.get(0).id());
        assertThat(store.query(new SagaQuery("place-order", null, null, null, null, 1, 2)))
                .extracting(SagaRecord::id).containsExactly(orders.get(3).id(), orders.get(2).id());
        assertThat(store.query(SagaQuery.withStatus(SagaStatus.COMPLETED, 10))).containsExactly(done);
        assertThat(store.query(new SagaQuery(null, null, "order-1", null, null, 0, 10)))
                .extracting(SagaRecord::id).containsExactly(refund.id(), orders.get(1).id());
        assertThat(store.query(new SagaQuery("place-order", SagaStatus.RUNNING, null, T0.plusSeconds(1),
                T0.plusSeconds(4), 0, 10)))
                .extracting(SagaRecord::id).containsExactly(orders.get(2).id(), orders.get(1).id());
        assertThat(store.query(new SagaQuery(null, null, null, null, null, 6, 10))).isEmpty();
    }

    @Test
    void countByStatusCountsEveryStatusIncludingZero() {
        SagaRecord a = saga("s", null, T0);
        SagaRecord b = saga("s", null, T0);
        store.create(a, List.of());
        store.create(b, List.of());
        store.create(saga("s", null, T0), List.of());
        store.update(next(a, SagaStatus.COMPLETED, null), 0, List.of());
        store.update(next(b, SagaStatus.FAILED, null), 0, List.of());

        Map<SagaStatus, Long> counts = store.countByStatus();

        assertThat(counts).containsEntry(SagaStatus.RUNNING, 1L).containsEntry(SagaStatus.COMPLETED, 1L)
                .containsEntry(SagaStatus.FAILED, 1L).containsEntry(SagaStatus.COMPENSATING, 0L)
                .containsEntry(SagaStatus.COMPENSATED, 0L).hasSize(SagaStatus.values().length);
    }

    @Test
    void outboxRelaysEveryFieldOfEachMessageInWriteOrder() throws Exception {
        SagaRecord one = saga("s", null, T0);
        SagaRecord two = saga("s", null, T0);
        Envelope full = new Envelope("m1", MessageKind.COMMAND, Destination.commands("inventory"), "ReserveStock",
                one.id().value(), "s", "reserve", null, Destination.replies("default"), T0.plusNanos(3),
                Map.of(Envelope.ATTEMPT, "2", Envelope.TRACEPARENT, "00-abc-def-01"), new byte[] {1, 2, 0, -1});
        Envelope bare = new Envelope("m0", MessageKind.EVENT, Destination.events("orders"), null, null, null, null,
                null, null, T0, Map.of(), new byte[0]);
        store.create(one, List.of(full, command(one, "m2")));
        store.create(two, List.of(command(two, "m3")));
        store.update(next(one, SagaStatus.RUNNING, null), 0, List.of(command(one, "m4"), bare));
        assertThat(store.outbox().pending()).isEqualTo(5);

        List<Envelope> relayed = new ArrayList<>();
        while (store.outbox().relay(2, relayed::addAll) > 0) {
            assertThat(relayed.size()).isLessThanOrEqualTo(5);
        }

        assertThat(relayed).extracting(Envelope::messageId).containsExactly("m1", "m2", "m3", "m4", "m0");
        assertThat(relayed.get(0)).isEqualTo(full);
        assertThat(relayed.get(4)).isEqualTo(bare);
        assertThat(store.outbox().pending()).isZero();
        assertThat(store.outbox().relay(10, batch -> {
            throw new AssertionError("nothing is left to relay, got " + batch);
        })).isZero();
    }

    @Test
    void failedPublishKeepsTheBatchForTheNextRelay() throws Exception {
        SagaRecord one = saga("s", null, T0);
        store.create(one, List.of(command(one, "m1"), command(one, "m2")));

        assertThatThrownBy(() -> store.outbox().relay(10, batch -> {
            throw new IllegalStateException("broker down");
        })).hasMessageContaining("broker down");

        assertThat(store.outbox().pending()).isEqualTo(2);
        assertThat(relayAll()).extracting(Envelope::messageId).containsExactly("m1", "m2");
    }

    @Test
    void awaitMessagesReturnsPromptlyOnceMessagesWereWritten() {
        SagaRecord one = saga("s", null, T0);
        store.create(one, List.of(command(one, "m1")));

        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> store.outbox().awaitMessages(Duration.ofSeconds(60)));
    }

    @Test
    void purgeDeletesSettledSagasLastUpdatedBeforeTheCutOff() throws Exception {
        SagaRecord oldCompleted = saga("s", "old-completed", T0);
        SagaRecord oldCompensated = saga("s", null, T0);
        SagaRecord oldFailed = saga("s", null, T0);
        SagaRecord oldRunning = saga("s", null, T0);
        SagaRecord newCompleted = saga("s", null, T0);
        for (SagaRecord record : List.of(oldCompleted, oldCompensated, oldFailed, oldRunning, newCompleted)) {
            store.create(record, List.of());
        }
        store.update(next(oldCompleted, SagaStatus.COMPLETED, null), 0, List.of());
        store.update(next(oldCompensated, SagaStatus.COMPENSATED, null), 0, List.of());
        store.update(next(oldFailed, SagaStatus.FAILED, null), 0, List.of());
        SagaRecord recent = next(newCompleted, SagaStatus.COMPLETED, null);
        recent = new SagaRecord(recent.id(), recent.sagaType(), null, recent.status(), 1, recent.data(), 0,
                Direction.FORWARD, StepPhase.IDLE, 1, null, null, List.of(), null, List.of(), T0,
                T0.plusSeconds(3600));
        store.update(recent, 0, List.of());

        int purged = store.purge(T0.plusSeconds(60));

        assertThat(purged).isEqualTo(2);
        assertThat(store.find(oldCompleted.id())).isEmpty();
        assertThat(store.find(oldCompensated.id())).isEmpty();
        assertThat(store.find(oldFailed.id())).isPresent();
        assertThat(store.find(oldRunning.id())).isPresent();
        assertThat(store.find(recent.id())).isPresent();
        SagaRecord reused = saga("s", "old-completed", T0.plusSeconds(120));
        assertThat(store.create(reused, List.of())).isEqualTo(reused);
    }

    /** @return a new RUNNING saga at version 0 */
    protected static SagaRecord saga(String type, String businessKey, Instant createdAt) {
        return new SagaRecord(SagaId.random(), type, businessKey, SagaStatus.RUNNING, 0,
                "{}".getBytes(StandardCharsets.UTF_8), 0, Direction.FORWARD, StepPhase.READY, 1, null, null,
                List.of(), null, List.of(new HistoryEntry(null, Direction.FORWARD, 0, HistoryEvent.SAGA_STARTED,
                businessKey, createdAt)), createdAt, createdAt);
    }

    /** @return the saga at the next version with a new status and timer */
    protected static SagaRecord next(SagaRecord r, SagaStatus status, Instant wakeAt) {
        return new SagaRecord(r.id(), r.sagaType(), r.businessKey(), status, r.version() + 1, r.data(),
                r.stepIndex() + 1, r.direction(), status.isSettled() ? StepPhase.IDLE : StepPhase.AWAITING_REPLY,
                1, status.isSettled() ? null : "awaited-" + r.version(), wakeAt, List.of(r.stepIndex()),
                status == SagaStatus.FAILED ? "it broke" : null, r.history(), r.createdAt(),
                r.updatedAt().plusMillis(1));
    }

    /** @return the saga with a timer */
    protected static SagaRecord withWake(SagaRecord r, Instant wakeAt) {
        return new SagaRecord(r.id(), r.sagaType(), r.businessKey(), r.status(), r.version(), r.data(),
                r.stepIndex(), r.direction(), StepPhase.AWAITING_REPLY, r.attempt(), "awaited", wakeAt,
                r.compensations(), r.failureReason(), r.history(), r.createdAt(), r.updatedAt());
    }

    /** @return a command of the saga with the given message id */
    protected static Envelope command(SagaRecord saga, String messageId) {
        return new Envelope(messageId, MessageKind.COMMAND, Destination.commands("inventory"), "ReserveStock",
                saga.id().value(), saga.sagaType(), "reserve", null, Destination.replies("default"), T0,
                Map.of(Envelope.ATTEMPT, "1"), "{}".getBytes(StandardCharsets.UTF_8));
    }

    /** @return every message the outbox holds, relayed in batches of three */
    protected List<Envelope> relayAll() throws Exception {
        List<Envelope> relayed = new ArrayList<>();
        Callable<Integer> round = () -> store.outbox().relay(3, relayed::addAll);
        while (round.call() > 0) {
            assertThat(relayed.size()).isLessThan(10_000);
        }
        return relayed;
    }
}

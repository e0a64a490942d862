package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.OutboxPublisher;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-over on commit: committed messages go to this process's relays in memory, their rows leased, and the table's
 * relays take only what a failed publish handed back or a dead process left. Run per database by the subclasses.
 */
abstract class HandOverTests {
    JdbcSagaStore store;
    String schema;
    final List<Envelope> sent = new CopyOnWriteArrayList<>();
    final OutboxPublisher recorder = sent::addAll;

    abstract TestDatabase database();

    @BeforeEach
    void openStore() {
        schema = database().newSchema();
        store = JdbcSagaStore.builder(database().dataSource).schema(schema).createSchema(true).handOverOnCommit(true)
                .build();
        assertThat(store.outbox().handOverOnCommit(true)).isTrue();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void committedMessagesGoToTheRelaysFromMemoryAndATableRoundDeletesTheirRows() throws Exception {
        assertThat(store.outbox().relay(16, recorder)).as("a relay's first round looks at the table").isZero();
        SagaRecord a = saga();
        Envelope a1 = Messages.command("a-1", a.id());
        Envelope a2 = Messages.command("a-2", a.id());
        store.create(a, List.of(a1, a2));
        assertThat(rows("lease_until IS NOT NULL")).as("written leased to this process").isEqualTo(2);
        assertThat(store.outbox().pending()).isEqualTo(2);

        assertThat(store.outbox().relay(16, recorder)).isEqualTo(2);
        assertThat(sent).containsExactly(a1, a2);
        assertThat(rows("1 = 1")).as("published, no transaction of the relay's own yet").isEqualTo(2);
        assertThat(store.outbox().pending()).as("published rows are not pending").isZero();
        assertThat(store.outbox().relay(16, recorder)).as("no table round without a signal for it").isZero();
        assertThat(rows("1 = 1")).isEqualTo(2);

        // The relay's next wait returns for the hand-over's signal, the one after ends without a signal: then a round
        // on the table deletes what was published, and sends nothing.
        store.outbox().awaitMessages(Duration.ofMillis(1));
        assertThat(store.outbox().relay(16, recorder)).isZero();
        assertThat(rows("1 = 1")).isEqualTo(2);
        store.outbox().awaitMessages(Duration.ofMillis(1));
        assertThat(store.outbox().relay(16, recorder)).isZero();
        assertThat(rows("1 = 1")).isZero();
        assertThat(sent).containsExactly(a1, a2);
    }

    @Test
    void publishedRowsAreDeletedInBatchesWithoutWaitingForATableRound() throws Exception {
        int sagas = JdbcOutbox.DELETE_BATCH / 2 + 1;
        for (int i = 0; i < sagas; i++) {
            SagaRecord s = saga();
            store.create(s, List.of(Messages.command("c-" + i, s.id()), Messages.command("e-" + i, s.id())));
        }
        assertThat(store.outbox().relay(JdbcOutbox.MAX_CLAIM, recorder)).isEqualTo(2 * sagas);
        assertThat(rows("1 = 1")).as("a batch's worth published: deleted at once").isZero();
    }

    @Test
    void aDeleteOfPublishedRowsThatFailsToCommitIsRepeatedAndNeverSendsThemAgain() throws Exception {
        CommitGate gate = new CommitGate(database().dataSource);
        try (JdbcSagaStore gated = gated(gate)) {
            assertThat(gated.outbox().relay(16, recorder)).as("a relay's first round looks at the table").isZero();
            SagaRecord s = saga();
            Envelope first = Messages.command("s-1", s.id());
            gated.create(s, List.of(first));
            assertThat(gated.outbox().relay(16, recorder)).isEqualTo(1);
            // As in the first test: the wait after the hand-over's signal ends without one, so a table round is due.
            gated.outbox().awaitMessages(Duration.ofMillis(1));
            assertThat(gated.outbox().relay(16, recorder)).isZero();
            assertThat(rows("1 = 1")).isEqualTo(1);
            gated.outbox().awaitMessages(Duration.ofMillis(1));

            gate.failNextCommit(new SQLException("connection lost"));
            assertThatThrownBy(() -> gated.outbox().relay(16, recorder)).hasStackTraceContaining("connection lost");
            assertThat(rows("1 = 1")).as("the delete rolled back").isEqualTo(1);
            assertThat(gated.outbox().pending()).as("still published, not pending").isZero();

            gated.outbox().awaitMessages(Duration.ofMillis(1));
            assertThat(gated.outbox().relay(16, recorder)).isZero();
            assertThat(rows("1 = 1")).as("deleted by the next round").isZero();
            assertThat(sent).as("the leased row was not claimed and sent again").containsExactly(first);
        }
    }

    @Test
    void aFailedPublishHandsTheRowsBackAndTheSagasNextMessagesFollowThemThroughTheTable() throws Exception {
        SagaRecord s = saga();
        Envelope first = Messages.command("s-1", s.id());
        store.create(s, List.of(first));

        assertThatThrownBy(() -> store.outbox().relay(16, batch -> {
            throw new IllegalStateException("broker down");
        })).hasMessage("broker down");
        assertThat(rows("lease_until IS NULL")).as("handed back to the table's relays").isEqualTo(1);

        Envelope second = Messages.command("s-2", s.id());
        store.update(next(s), s.version(), List.of(second));
        assertThat(rows("lease_until IS NULL")).as("written for the table's relays, behind the first").isEqualTo(2);

        drain();
        assertThat(sent).containsExactly(first, second);
        assertThat(rows("1 = 1")).isZero();
    }

    @Test
    void whenTheDatabaseIsGoneTooAFailedPublishLeavesTheRowsLeasedForTheirLeaseToEnd() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database().url);
        config.setUsername(database().dialect == JdbcDialect.H2 ? "sa" : RequiresPostgres.USER);
        SagaRecord s = saga();
        Envelope first = Messages.command("s-1", s.id());
        HikariDataSource pool = new HikariDataSource(config);
        try (JdbcSagaStore own = JdbcSagaStore.builder(pool).schema(schema).handOverOnCommit(true).build()) {
            own.outbox().handOverOnCommit(true);
            own.create(s, List.of(first));
            pool.close(); // the database goes away with the broker

            assertThatThrownBy(() -> own.outbox().relay(16, batch -> {
                throw new IllegalStateException("broker down");
            })).as("the publisher's failure, not the hand-back's").hasMessage("broker down");
        } finally {
            pool.close();
        }
        assertThat(rows("lease_until IS NOT NULL")).as("not lost: sent when the lease ends").isEqualTo(1);
        assertThat(sent).isEmpty();
    }

    @Test
    void aSagasNextMessagesWaitForItsPublishUnderWayWhileOtherSagasGoOn() throws Exception {
        SagaRecord s = saga();
        Envelope first = Messages.command("s-1", s.id());
        store.create(s, List.of(first));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> held = heldRound(release, sent::addAll);

        Envelope second = Messages.command("s-2", s.id());
        store.update(next(s), s.version(), List.of(second));
        SagaRecord t = saga();
        Envelope other = Messages.command("t-1", t.id());
        store.create(t, List.of(other));

        // The other saga goes out at once; the second message of s is set aside behind the first.
        assertThat(store.outbox().relay(16, recorder)).isEqualTo(1);
        assertThat(sent).containsExactly(other);
        release.countDown();
        assertThat(held.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(store.outbox().relay(16, recorder)).isEqualTo(1);
        assertThat(sent).containsExactly(other, first, second);
    }

    @Test
    void whenASagasPublishUnderWayFailsItsNextMessagesGoBackToTheTableBehindIt() throws Exception {
        SagaRecord s = saga();
        Envelope first = Messages.command("s-1", s.id());
        store.create(s, List.of(first));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> failed = heldRound(release, batch -> {
            throw new IllegalStateException("no confirm");
        });
        Envelope second = Messages.command("s-2", s.id());
        store.update(next(s), s.version(), List.of(second));
        assertThat(store.outbox().relay(16, recorder)).as("set aside behind the first").isZero();

        release.countDown();
        assertThat(failed.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        drain();
        assertThat(sent).containsExactly(first, second);
        assertThat(rows("1 = 1")).isZero();
    }

    /** A saga and its first message, committed by another process that then died. */
    private record Died(SagaRecord saga, Envelope first) {
    }

    /**
     * Another process creates a saga with its first message, hands the row over with the given lease, and dies
     * before its relays publish it: nothing hands the row back, only the lease's end frees it.
     */
    private Died diedAfterCommitting(Duration lease) {
        JdbcSagaStore dead = JdbcSagaStore.builder(database().dataSource).schema(schema).handOverOnCommit(true)
                .handOverLease(lease).build();
        dead.outbox().handOverOnCommit(true);
        SagaRecord s = saga();
        Envelope first = Messages.command("s-1", s.id());
        dead.create(s, List.of(first));
        dead.close();
        return new Died(s, first);
    }

    @Test
    void rowsLeftByAProcessThatDiedWaitForTheirLeaseAndHoldBackTheSagasLaterMessages() throws Exception {
        Died died = diedAfterCommitting(Duration.ofHours(1));
        SagaRecord s = died.saga();
        Envelope first = died.first();

        // This process writes the saga's next message: the first is not its own, so the second goes to the table.
        Envelope second = Messages.command("s-2", s.id());
        store.update(next(s), s.version(), List.of(second));
        assertThat(store.outbox().relay(16, recorder)).as("the second waits behind the first").isZero();
        store.outbox().awaitMessages(Duration.ofMillis(1));
        assertThat(store.outbox().relay(16, recorder)).as("still, on a round on the table").isZero();
        assertThat(sent).isEmpty();

        // The hour passes.
        database().execute("UPDATE " + schema + ".sagaflow_outbox SET lease_until = 0");
        drain();
        assertThat(sent).containsExactly(first, second);
    }

    @Test
    void aLeaseEndsOnItsOwn() throws Exception {
        Envelope first = diedAfterCommitting(Duration.ofMillis(200)).first();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            store.outbox().awaitMessages(Duration.ofMillis(1));
            store.outbox().relay(16, recorder);
            return !sent.isEmpty();
        });
        assertThat(sent).containsExactly(first);
    }

    @Test
    void stoppingHandsWhatIsStillQueuedBackToTheTable() throws Exception {
        SagaRecord s = saga();
        Envelope first = Messages.command("s-1", s.id());
        store.create(s, List.of(first));

        store.outbox().handOverOnCommit(false);
        assertThat(rows("lease_until IS NULL")).isEqualTo(1);
        assertThat(store.outbox().relay(16, recorder)).isEqualTo(1);
        assertThat(sent).containsExactly(first);
    }

    @Test
    void aParticipantsReplyInTheSameTableDoesNotWaitBehindTheCommandItAnswers() throws Exception {
        SagaRecord s = saga();
        Envelope command = Messages.command("s-1", s.id());
        store.create(s, List.of(command));
        assertThat(store.outbox().relay(16, recorder)).isEqualTo(1); // published, its row not deleted yet

        // The participant's inbox shares the database and the table, and writes its reply there.
        try (JdbcParticipantInbox inbox = database().inbox(schema)) {
            Envelope reply = Messages.replyTo(command);
            JdbcOutbox replies = (JdbcOutbox) inbox.outbox();
            try (var c = database().dataSource.getConnection()) {
                replies.insert(c, List.of(reply));
            }
            assertThat(replies.relay(16, recorder)).as("the reply goes at once").isEqualTo(1);
            assertThat(sent).containsExactly(command, reply);
        }
    }

    @Test
    void twoEnginesOnOneStoreShareTheHandOverUntilTheLastStops() throws Exception {
        assertThat(store.outbox().handOverOnCommit(true)).as("a second engine starts").isTrue();
        store.outbox().handOverOnCommit(false); // one of the two stops
        SagaRecord s = saga();
        Envelope first = Messages.command("s-1", s.id());
        store.create(s, List.of(first));
        assertThat(rows("lease_until IS NOT NULL")).as("still handed over for the other").isEqualTo(1);

        store.outbox().handOverOnCommit(false);
        assertThat(rows("lease_until IS NULL")).as("the last stopped: handed back").isEqualTo(1);
    }

    @Test
    void aDriverThatMiscountsTheGeneratedKeysFailsTheWriteNamingTheCountsAndCommitsNothing() throws Exception {
        CommitGate gate = new CommitGate(database().dataSource);
        try (JdbcSagaStore gated = gated(gate)) {
            SagaRecord s = saga();
            List<Envelope> messages = List.of(Messages.command("k-1", s.id()), Messages.command("k-2", s.id()));

            gate.miscountNextGeneratedKeys(-1);
            assertThatThrownBy(() -> gated.create(s, messages))
                    .hasStackTraceContaining("the JDBC driver returned 1 generated keys for 2 rows inserted");
            assertThat(gated.find(s.id())).as("the saga's insert rolled back with its messages").isEmpty();
            assertThat(rows("1 = 1")).isZero();

            gate.miscountNextGeneratedKeys(1);
            assertThatThrownBy(() -> gated.create(s, messages))
                    .hasStackTraceContaining("the JDBC driver returned more generated keys than rows inserted");
            assertThat(gated.find(s.id())).isEmpty();
            assertThat(rows("1 = 1")).isZero();
            assertThat(gated.outbox().relay(16, recorder)).as("nothing was handed over either").isZero();
            assertThat(sent).isEmpty();

            // With the driver right again, the same write goes through, its messages leased and handed over.
            gated.create(s, messages);
            assertThat(rows("lease_until IS NOT NULL")).isEqualTo(2);
            assertThat(gated.outbox().relay(16, recorder)).isEqualTo(2);
            assertThat(sent).containsExactlyElementsOf(messages);
        }
    }

    @Test
    void aStoreBuiltWithoutHandOverLeavesEveryMessageToTheTable() throws Exception {
        try (JdbcSagaStore plain = JdbcSagaStore.builder(database().dataSource).schema(schema)
                .handOverOnCommit(false).build()) {
            assertThat(plain.outbox().handOverOnCommit(true)).isFalse();
            SagaRecord s = saga();
            plain.create(s, List.of(Messages.command("s-1", s.id())));
            assertThat(rows("lease_until IS NULL")).isEqualTo(1);
        }
    }

    /**
     * Starts a relay round on another thread whose publish waits for {@code release} and then does {@code then};
     * returns once it waits. The round's future holds what it sent, or -1 if it threw.
     */
    private CompletableFuture<Integer> heldRound(CountDownLatch release, OutboxPublisher then)
            throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Integer> round = CompletableFuture.supplyAsync(() -> relayOnce(batch -> {
            holding.countDown();
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            then.publish(batch);
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        return round;
    }

    private int relayOnce(OutboxPublisher publisher) {
        try {
            return store.outbox().relay(16, publisher);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Relays until a table round sends nothing. */
    private void drain() throws Exception {
        int sentNow;
        do {
            store.outbox().awaitMessages(Duration.ofMillis(1));
            sentNow = store.outbox().relay(16, recorder);
        } while (sentNow > 0);
    }

    /** @return a store of this test's schema on {@code gate}'s data source, handing its messages over on commit */
    private JdbcSagaStore gated(CommitGate gate) {
        JdbcSagaStore gated = JdbcSagaStore.builder(gate.dataSource()).schema(schema).handOverOnCommit(true).build();
        gated.outbox().handOverOnCommit(true);
        return gated;
    }

    private long rows(String condition) {
        return database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox WHERE " + condition);
    }

    private static SagaRecord saga() {
        return new SagaRecord(SagaId.random(), "s", null, SagaStatus.RUNNING, 0, new byte[0], 0, Direction.FORWARD,
                StepPhase.READY, 1, null, null, List.of(), null, List.of(), Instant.now(), Instant.now());
    }

    private static SagaRecord next(SagaRecord current) {
        return new SagaRecord(current.id(), "s", null, SagaStatus.RUNNING, current.version() + 1, new byte[0], 1,
                Direction.FORWARD, StepPhase.AWAITING_REPLY, 1, null, null, List.of(), null, List.of(),
                current.createdAt(), Instant.now());
    }
}

package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sagaflow.CommandContext;
import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.spi.Envelope;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The participant inbox: once per message id, atomically with the business change. Run per database. */
abstract class InboxTests {
    JdbcParticipantInbox inbox;
    String schema;
    final AtomicInteger runs = new AtomicInteger();

    abstract TestDatabase database();

    @BeforeEach
    void openInbox() {
        schema = database().newSchema();
        inbox = database().inbox(schema);
        database().execute("CREATE TABLE " + schema + ".reservation (order_id VARCHAR(50) PRIMARY KEY)");
    }

    @AfterEach
    void closeInbox() {
        inbox.close();
    }

    /** Work that reserves an order on the inbox's connection and replies. */
    Envelope reserve(Envelope command, String orderId) throws Exception {
        runs.incrementAndGet();
        try (PreparedStatement ps = inbox.connection(context(command)).prepareStatement(
                "INSERT INTO " + schema + ".reservation (order_id) VALUES (?)")) {
            ps.setString(1, orderId);
            ps.executeUpdate();
        }
        return Messages.replyTo(command);
    }

    @Test
    void redeliveredCommandRunsOnceAndSendsTheRecordedReplyAgain() throws Exception {
        Envelope command = Messages.command("cmd-1", SagaId.random());

        inbox.process(command, c -> reserve(c, "order-1"));
        inbox.process(command, c -> reserve(c, "order-1"));

        assertThat(runs).hasValue(1);
        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".reservation")).isEqualTo(1);
        List<Envelope> replies = relayAll();
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0)).isEqualTo(replies.get(1));
        assertThat(replies.get(0).correlationId()).isEqualTo("cmd-1");
    }

    @Test
    void concurrentDuplicatesRunTheWorkOnceAndBothSendTheReply() throws Exception {
        Envelope command = Messages.command("cmd-2", SagaId.random());
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = pool.submit(() -> {
                inbox.process(command, c -> {
                    firstInside.countDown();
                    assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                    return reserve(c, "order-2");
                });
                return null;
            });
            assertThat(firstInside.await(20, TimeUnit.SECONDS)).isTrue();
            Future<?> second = pool.submit(() -> {
                inbox.process(command, c -> reserve(c, "order-2"));
                return null;
            });
            // The duplicate is blocked on the first one's inbox row until it commits.
            assertThat(second.isDone()).isFalse();
            release.countDown();
            first.get(20, TimeUnit.SECONDS);
            second.get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(runs).hasValue(1);
        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".reservation")).isEqualTo(1);
        List<Envelope> replies = relayAll();
        assertThat(replies).hasSize(2).extracting(Envelope::messageId).containsOnly(replies.get(0).messageId());
    }

    @Test
    void failingWorkRecordsNothingSendsNothingAndRollsTheBusinessChangeBack() throws Exception {
        Envelope command = Messages.command("cmd-3", SagaId.random());

        assertThatThrownBy(() -> inbox.process(command, c -> {
            reserve(c, "order-3");
            throw new IllegalStateException("payment gateway down");
        })).hasMessage("payment gateway down");

        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".reservation")).isZero();
        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_inbox")).isZero();
        assertThat(inbox.outbox().pending()).isZero();

        inbox.process(command, c -> reserve(c, "order-3"));

        assertThat(runs).hasValue(2);
        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".reservation")).isEqualTo(1);
        assertThat(relayAll()).hasSize(1);
    }

    @Test
    void connectionIsOnlyAvailableWhileTheCommandIsProcessed() {
        Envelope command = Messages.command("cmd-4", SagaId.random());

        assertThatThrownBy(() -> inbox.connection(context(command)))
                .hasMessageContaining("not processing message cmd-4");
    }

    @Test
    void purgeForgetsOldRecordsAndSentReplies() throws Exception {
        Envelope command = Messages.command("cmd-5", SagaId.random());
        inbox.process(command, c -> reserve(c, "order-5"));
        relayAll();

        assertThat(inbox.purge(Instant.now().minus(Duration.ofHours(1)))).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> inbox.purge(Instant.now().plusMillis(1)) == 1);

        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_inbox")).isZero();
        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox")).isZero();
    }

    @Test
    void runsEachCommandThroughTheTransactionRunnerItWasGiven() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        TransactionRunner plain = TransactionRunner.of(database().dataSource);
        TransactionRunner counting = new TransactionRunner() {
            @Override
            public <T> T inTransaction(TransactionCallback<T> work) throws Exception {
                transactions.incrementAndGet();
                return plain.inTransaction(work);
            }
        };
        Envelope command = Messages.command("cmd-6", SagaId.random());
        try (JdbcParticipantInbox framed = JdbcParticipantInbox.builder(database().dataSource).schema(schema)
                .transactions(counting).build()) {
            framed.process(command, Messages::replyTo);
            framed.process(command, Messages::replyTo);
        }

        assertThat(transactions).hasValue(2);
        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_inbox")).isEqualTo(1);
        assertThat(relayAll()).hasSize(2);
    }

    static CommandContext context(Envelope command) {
        return new CommandContext(command.messageId(), command.sagaId(), command.sagaType(), command.step(),
                Direction.FORWARD, 1);
    }

    List<Envelope> relayAll() throws Exception {
        List<Envelope> relayed = new ArrayList<>();
        while (inbox.outbox().relay(10, relayed::addAll) > 0) {
            assertThat(relayed.size()).isLessThan(100);
        }
        return relayed;
    }
}

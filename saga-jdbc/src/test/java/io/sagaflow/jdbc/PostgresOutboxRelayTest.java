package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(RequiresPostgres.class)
class PostgresOutboxRelayTest extends OutboxRelayTests {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.postgres();

    @Override
    TestDatabase database() {
        return DATABASE.get();
    }

    @Test
    void relayWakesOnAnotherProcessesCommitThroughNotify() throws Exception {
        String schema = database().newSchema();
        try (JdbcSagaStore writer = database().store(schema); JdbcSagaStore reader = database().store(schema)) {
            // The first wait starts the listener and returns once it listens (it signals on connect).
            reader.outbox().awaitMessages(Duration.ofSeconds(10));
            CompletableFuture<Long> woke = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try {
                    reader.outbox().awaitMessages(Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return System.nanoTime() - start;
            });
            write(writer, "m1");

            assertThat(Duration.ofNanos(woke.get(20, TimeUnit.SECONDS))).isLessThan(Duration.ofSeconds(10));
            assertThat(reader.outbox().pending()).isEqualTo(1);
        }
    }

    @Test
    void aStoreIsNotWokenByItsOwnNotificationsOnlyByOtherWriters() throws Exception {
        String schema = database().newSchema();
        try (JdbcSagaStore own = database().store(schema); JdbcSagaStore other = database().store(schema)) {
            JdbcOutbox outbox = (JdbcOutbox) own.outbox();
            outbox.awaitMessages(Duration.ofSeconds(10)); // starts the listener; returns once it listens

            write(own, "own-1");
            write(own, "own-2");
            write(other, "other-1");

            // Notifications reach a listener in commit order: once the other store's has, its own two have too.
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.notificationsFromOthers() >= 1);
            assertThat(outbox.notificationsFromOthers()).isEqualTo(1);
            assertThat(own.outbox().pending()).isEqualTo(3);
        }
    }

    private static void write(JdbcSagaStore store, String messageId) {
        SagaRecord saga = new SagaRecord(SagaId.random(), "s", null, SagaStatus.RUNNING, 0, new byte[0], 0,
                Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(), null, List.of(), Instant.now(),
                Instant.now());
        store.create(saga, List.of(Messages.command(messageId, saga.id())));
    }
}

package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.HistoryEntry;
import io.sagaflow.HistoryEvent;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timer is a column, not a thread: a saga waiting for a reply whose engine stops fires its timeout in the next
 * engine that opens the same database, on the embedded H2 default and on PostgreSQL.
 */
class TimersAfterRestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    record Ping(String id) {
    }

    private final SagaDefinition<Ping> definition = SagaDefinition.builder("ping", Ping.class)
            .step("ask").invokeParticipant("silent", p -> p).timeout(TIMEOUT).retry(RetryPolicy.none()).pivot()
            .build();

    @Test
    void timeoutOfAStoppedEngineFiresInTheNextEngineOnTheEmbeddedDatabase(@TempDir Path directory) {
        timeoutFiresAfterRestart(() -> JdbcSagaStore.embedded(directory));
    }

    @Test
    void timeoutOfAStoppedEngineFiresInTheNextEngineOnPostgres() throws Exception {
        RequiresPostgres.assumeAvailable();
        try (TestDatabase database = TestDatabase.postgres(4)) {
            String schema = database.newSchema();
            timeoutFiresAfterRestart(() -> database.store(schema));
        }
    }

    private void timeoutFiresAfterRestart(Supplier<JdbcSagaStore> stores) {
        SagaId id;
        Instant wakeAt;
        try (JdbcSagaStore store = stores.get(); SagaEngine engine = engine(store)) {
            engine.start();
            id = engine.startSaga(definition, new Ping("p-1"));
            SagaRecord waiting = store.find(id).orElseThrow();
            assertThat(waiting.phase()).isEqualTo(StepPhase.AWAITING_REPLY);
            wakeAt = waiting.wakeAt();
            assertThat(wakeAt).isNotNull();
        }
        // The first engine stopped before the timer was due, so only the second can fire it.
        assertThat(Instant.now()).isBefore(wakeAt);

        try (JdbcSagaStore store = stores.get(); SagaEngine engine = engine(store)) {
            assertThat(store.find(id).orElseThrow().status()).isEqualTo(SagaStatus.RUNNING);
            engine.start();

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> store.find(id).orElseThrow().status() == SagaStatus.COMPENSATED);

            SagaRecord settled = store.find(id).orElseThrow();
            assertThat(settled.history()).extracting(HistoryEntry::event).contains(HistoryEvent.TIMED_OUT);
            assertThat(settled.updatedAt()).isAfterOrEqualTo(wakeAt);
        }
    }

    private SagaEngine engine(JdbcSagaStore store) {
        return SagaEngine.builder().store(store).broker(new InMemoryMessageBroker()).register(definition)
                .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(100)).build()).build();
    }
}

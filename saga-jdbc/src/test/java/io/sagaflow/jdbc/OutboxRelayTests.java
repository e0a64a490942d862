package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.Direction;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import io.sagaflow.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbox behaviour beyond the store contract: relays sharing one table. Run per database by the subclasses. */
abstract class OutboxRelayTests {
    static final int SAGAS = 30;
    static final int MESSAGES_PER_SAGA = 8;

    JdbcSagaStore store;
    String schema;

    abstract TestDatabase database();

    @BeforeEach
    void openStore() {
        schema = database().newSchema();
        store = database().store(schema);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void severalRelaysShareTheWorkAndKeepEachSagasMessagesInOrder() throws Exception {
        Map<String, List<String>> written = writeInterleaved();
        List<Envelope> published = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService relays = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                relays.submit(() -> {
                    while (!done.get()) {
                        store.outbox().relay(7, batch -> {
                            // Broker latency, so that relays overlap.
                            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(200_000, 2_000_000));
                            synchronized (published) {
                                published.addAll(batch);
                            }
                        });
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.outbox().pending() == 0);
        } finally {
            done.set(true);
            relays.shutdown();
            assertThat(relays.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        synchronized (published) {
            assertThat(published).extracting(Envelope::messageId).doesNotHaveDuplicates()
                    .hasSize(SAGAS * MESSAGES_PER_SAGA);
            Map<String, List<String>> bySaga = new HashMap<>();
            for (Envelope e : published) {
                bySaga.computeIfAbsent(e.sagaId(), k -> new ArrayList<>()).add(e.messageId());
            }
            assertThat(bySaga).isEqualTo(written);
        }
    }

    @Test
    void relayPublishesNothingTwiceAfterAFailedBatch() throws Exception {
        Map<String, List<String>> written = writeInterleaved();
        List<Envelope> published = new ArrayList<>();
        int[] calls = {0};
        while (store.outbox().pending() > 0) {
            try {
                store.outbox().relay(5, batch -> {
                    if (++calls[0] % 3 == 0) {
                        throw new IllegalStateException("broker refused batch " + calls[0]);
                    }
                    published.addAll(batch);
                });
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessageStartingWith("broker refused");
            }
        }

        assertThat(published).extracting(Envelope::messageId).doesNotHaveDuplicates()
                .hasSize(SAGAS * MESSAGES_PER_SAGA);
        Map<String, List<String>> bySaga = new LinkedHashMap<>();
        published.forEach(e -> bySaga.computeIfAbsent(e.sagaId(), k -> new ArrayList<>()).add(e.messageId()));
        assertThat(bySaga).isEqualTo(written);
    }

    @Test
    void relayedRowsAreDeletedWithTheBatchThatSentThem() throws Exception {
        writeInterleaved();
        List<Envelope> published = new ArrayList<>();
        int[] calls = {0};
        while (store.outbox().pending() > 0) {
            try {
                store.outbox().relay(16, batch -> {
                    if (++calls[0] == 2) {
                        throw new IllegalStateException("broker refused batch 2");
                    }
                    published.addAll(batch);
                });
            } catch (IllegalStateException expected) {
                // The refused batch stays; the rows of the batches sent before it are gone.
                assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox"))
                        .isEqualTo(SAGAS * MESSAGES_PER_SAGA - published.size());
            }
        }

        assertThat(published).hasSize(SAGAS * MESSAGES_PER_SAGA);
        assertThat(database().count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox")).isZero();
    }

    @Test
    void aSecondRelayThreadSendsWhatWasCommittedWhileTheFirstWaitsForTheBroker() throws Exception {
        HoldingBroker broker = new HoldingBroker();
        SagaDefinition<Ping> definition = SagaDefinition.builder("relay-threads", Ping.class)
                .step("ask").invokeParticipant("svc", p -> p).pivot().build();
        try (SagaEngine engine = SagaEngine.builder().store(store).broker(broker).register(definition)
                .config(SagaEngineConfig.builder().relayThreads(2).timerPollInterval(Duration.ofMillis(100)).build())
                .build()) {
            engine.start();
            SagaId held = engine.startSaga(definition, new Ping("held"));
            assertThat(broker.holding.await(10, TimeUnit.SECONDS)).as("a relay publishes the first command").isTrue();

            SagaId next = engine.startSaga(definition, new Ping("next"));

            // One relay still waits in the broker with the first saga's command; the other sends the second's.
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sentFor(next));
            assertThat(broker.sentFor(held)).isFalse();
            broker.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.sentFor(held));
            // Counted as sent once the relay's publish has returned, a moment after the broker took the message.
            await().atMost(Duration.ofSeconds(10)).until(() -> store.outbox().pending() == 0);
        } finally {
            broker.release.countDown();
        }
    }

    record Ping(String id) {
    }

    /** Holds the first publish until released, as a broker slow to confirm would; records what was sent. */
    private static final class HoldingBroker implements MessageBroker {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final List<Envelope> sent = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<Envelope> messages) {
            if (first.getAndSet(false)) {
                holding.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the held publish was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while held", e);
                }
            }
            sent.addAll(messages);
        }

        boolean sentFor(SagaId saga) {
            return sent.stream().anyMatch(e -> saga.value().equals(e.sagaId()));
        }

        @Override
        public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
            return () -> { };
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    /** Writes each saga's messages in its own updates, sagas interleaved. @return message ids per saga, in order */
    Map<String, List<String>> writeInterleaved() {
        List<SagaRecord> sagas = new ArrayList<>();
        Map<String, List<String>> written = new HashMap<>();
        for (int i = 0; i < SAGAS; i++) {
            SagaRecord saga = new SagaRecord(SagaId.random(), "s", null, SagaStatus.RUNNING, 0, new byte[0], 0,
                    Direction.FORWARD, StepPhase.READY, 1, null, null, List.of(), null, List.of(), Instant.now(),
                    Instant.now());
            Envelope first = Messages.command("m-" + i + "-0", saga.id());
            store.create(saga, List.of(first));
            sagas.add(saga);
            written.computeIfAbsent(saga.id().value(), k -> new ArrayList<>()).add(first.messageId());
        }
        for (int m = 1; m < MESSAGES_PER_SAGA; m++) {
            for (int i = 0; i < SAGAS; i++) {
                SagaRecord current = sagas.get(i);
                SagaRecord next = new SagaRecord(current.id(), "s", null, SagaStatus.RUNNING, current.version() + 1,
                        new byte[0], m, Direction.FORWARD, StepPhase.AWAITING_REPLY, 1, null, null, List.of(), null,
                        List.of(), current.createdAt(), Instant.now());
                Envelope message = Messages.command("m-" + i + "-" + m, current.id());
                store.update(next, current.version(), List.of(message));
                sagas.set(i, next);
                written.get(current.id().value()).add(message.messageId());
            }
        }
        return written;
    }
}

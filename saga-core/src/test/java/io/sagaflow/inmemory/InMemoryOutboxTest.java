package io.sagaflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.BrokerException;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.OutboxPublisher;
import io.sagaflow.spi.Subscription;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Publishing on write: the writer publishes its own messages; a writer that finds another thread relaying leaves its
 * messages to that thread, which sends them before it is done; a failed publish leaves them, in order, to the relay.
 */
class InMemoryOutboxTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final List<String> publishingThreads = new CopyOnWriteArrayList<>();

    private static Envelope message(String id) {
        return new Envelope(id, MessageKind.COMMAND, Destination.commands("inventory"), "ReserveStock", null, null,
                "reserve", null, Destination.replies("orders"), NOW, Map.of(), new byte[] {1});
    }

    private void record(List<Envelope> batch) {
        batch.forEach(m -> published.add(m.messageId()));
        publishingThreads.add(Thread.currentThread().getName());
    }

    @Test
    void withoutPublishOnWriteAWriteWaitsForTheRelay() throws Exception {
        outbox.append(List.of(message("m-1")));

        assertThat(published).isEmpty();
        assertThat(outbox.pending()).isEqualTo(1);
        assertThat(outbox.relay(10, this::record)).isEqualTo(1);
        assertThat(published).containsExactly("m-1");
    }

    @Test
    void theWritingThreadPublishesItsOwnMessagesInOrder() {
        assertThat(outbox.publishOnWrite(this::record)).isTrue();

        outbox.append(List.of(message("m-1"), message("m-2")));
        outbox.append(List.of(message("m-3")));

        assertThat(published).containsExactly("m-1", "m-2", "m-3");
        assertThat(publishingThreads).containsOnly(Thread.currentThread().getName());
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void batchesWrittenConcurrentlyLeaveWholeOnceEachAndInTheirOwnOrder() throws Exception {
        assertThat(outbox.publishOnWrite(this::record)).isTrue();
        int writers = 4;
        int batches = 500;
        List<Thread> threads = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String writer = "w" + w;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int b = 0; b < batches; b++) {
                    String batch = writer + "-" + b + "-";
                    outbox.append(List.of(message(batch + 0), message(batch + 1), message(batch + 2)));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= writers * batches * 3);

        assertThat(published).hasSize(writers * batches * 3).doesNotHaveDuplicates();
        assertThat(outbox.pending()).isZero();
        List<String> sent = List.copyOf(published);
        for (int i = 0; i < sent.size(); i += 3) {
            String batch = sent.get(i).substring(0, sent.get(i).length() - 1);
            assertThat(sent.subList(i, i + 3)).as("a saga's messages leave together, in order")
                    .containsExactly(batch + 0, batch + 1, batch + 2);
        }
        for (int w = 0; w < writers; w++) {
            String writer = "w" + w + "-";
            List<String> firsts = sent.stream().filter(id -> id.startsWith(writer) && id.endsWith("-0")).toList();
            assertThat(firsts).as("one writer's batches leave in the order it wrote them")
                    .isEqualTo(java.util.stream.IntStream.range(0, batches).mapToObj(b -> writer + b + "-0").toList());
        }
    }

    @Test
    void aWriterThatFindsAnotherRelayingLeavesItsMessagesToThatThread() throws Exception {
        CountDownLatch inPublish = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        OutboxPublisher held = batch -> {
            if (first.compareAndSet(true, false)) {
                inPublish.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            record(batch);
        };
        outbox.publishOnWrite(held);
        Thread a = Thread.ofPlatform().name("writer-a").start(() -> outbox.append(List.of(message("a-1"))));
        assertThat(inPublish.await(10, TimeUnit.SECONDS)).isTrue();

        Thread b = Thread.ofPlatform().name("writer-b").start(() -> outbox.append(List.of(message("b-1"))));
        b.join(Duration.ofSeconds(10));
        assertThat(b.isAlive()).as("writer b returns while a publishes").isFalse();
        assertThat(published).isEmpty();

        release.countDown();
        a.join(Duration.ofSeconds(10));
        assertThat(published).containsExactly("a-1", "b-1");
        assertThat(publishingThreads).containsExactly("writer-a", "writer-a");
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void theRelayThreadTakesMessagesWrittenWhileItHeldTheLock() throws Exception {
        outbox.publishOnWrite(this::record);
        outbox.publishOnWrite(null);
        outbox.append(List.of(message("r-1")));
        outbox.publishOnWrite(this::record);
        CountDownLatch inPublish = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread relay = Thread.ofPlatform().name("relay").start(() -> {
            try {
                outbox.relay(10, batch -> {
                    inPublish.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    record(batch);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inPublish.await(10, TimeUnit.SECONDS)).isTrue();

        outbox.append(List.of(message("w-1")));
        assertThat(published).isEmpty();

        release.countDown();
        relay.join(Duration.ofSeconds(10));
        assertThat(published).containsExactly("r-1", "w-1");
        assertThat(outbox.pending()).isZero();
    }

    @Test
    void aFailedPublishOnWriteLeavesTheMessagesInOrderAndWakesTheRelay() throws Exception {
        outbox.publishOnWrite(batch -> {
            throw new BrokerException("broker away");
        });
        CountDownLatch woken = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                outbox.awaitMessages(Duration.ofSeconds(30));
                woken.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        outbox.append(List.of(message("m-1"), message("m-2")));
        outbox.append(List.of(message("m-3")));

        assertThat(woken.await(10, TimeUnit.SECONDS)).as("the waiting relay is woken").isTrue();
        assertThat(outbox.pending()).isEqualTo(3);
        outbox.publishOnWrite(null);
        assertThat(outbox.relay(10, this::record)).isEqualTo(3);
        assertThat(published).containsExactly("m-1", "m-2", "m-3");
    }

    @Test
    void anEngineOnAnInProcessBrokerPublishesOnTheSavingThreadUntilItCloses() throws Exception {
        InMemorySagaStore store = new InMemorySagaStore();
        ThreadRecordingBroker broker = new ThreadRecordingBroker();
        SagaDefinition<Order> saga = SagaDefinition.builder("place-order", Order.class)
                .step("reserve").invokeParticipant("svc", o -> new ScriptedParticipant.Do("reserve", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("reserve", o.id()))
                .build();
        SagaEngine engine = SagaEngine.builder().broker(broker).store(store).register(saga).build();
        engine.start();
        try {
            engine.startSaga(saga, Order.of("o-1"));
            assertThat(broker.threads).containsExactly(Thread.currentThread().getName());
            assertThat(store.outbox().pending()).isZero();
        } finally {
            engine.close();
        }

        store.outbox().publishOnWrite(null); // closing turned it off: a second call changes nothing
        SagaEngine notStarted = SagaEngine.builder().broker(broker).store(store).register(saga).build();
        notStarted.startSaga(saga, Order.of("o-2"));
        assertThat(broker.threads).hasSize(1);
        assertThat(store.outbox().pending()).isEqualTo(1);
        broker.close();
    }

    /** The in-memory broker, recording which thread published. */
    private static final class ThreadRecordingBroker implements MessageBroker {
        private final InMemoryMessageBroker delegate = new InMemoryMessageBroker();
        private final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<Envelope> messages) {
            threads.add(Thread.currentThread().getName());
            delegate.publish(messages);
        }

        @Override
        public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
            return delegate.subscribe(destination, group, handler);
        }

        @Override
        public boolean inProcess() {
            return true;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

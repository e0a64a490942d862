package io.sagaflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.inmemory.InMemoryMessageBroker.Dispatch;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A queued consumer thread takes a share of its queue's backlog at once: whatever it has taken and not yet handed
 * to its handler is never lost, when a handler throws an {@link Error} that ends the thread or when the subscription
 * closes, and it does not keep work from the subscription's other consumers. A handler that is interrupted neither
 * ends the thread nor passes the interrupt on to the next handler. Closing wakes consumers that wait for an empty
 * queue (they wait with no timeout), and never interrupts a handler.
 */
class InMemoryConsumerThreadTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Destination QUEUE = Destination.commands("batched");

    private InMemoryMessageBroker broker;

    @AfterEach
    void close() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Envelope command(String text) {
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, QUEUE, "Text", "saga-1", "batch",
                "step-1", null, Destination.replies("default"), Instant.now(), Map.of(),
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Envelope envelope) {
        return new String(envelope.payload(), StandardCharsets.UTF_8);
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "m" + i).toList();
    }

    /** A queued broker with this many consumer threads per subscription. */
    private void consumers(int perSubscription) {
        broker = new InMemoryMessageBroker(3, Duration.ofMillis(10), perSubscription, Dispatch.QUEUED);
    }

    private void publish(List<String> texts) {
        broker.publish(texts.stream().map(InMemoryConsumerThreadTest::command).toList());
    }

    @Test
    void whatAThreadTookBehindAHandlerThatThrowsAnErrorGoesBackToTheQueue() throws InterruptedException {
        consumers(2);
        Gate gate = new Gate(2);
        List<String> handled = new CopyOnWriteArrayList<>();
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            if (text.startsWith("gate")) {
                gate.hold();
                return;
            }
            if (text.equals("m1")) {
                throw new AssertionError("an Error escapes every handler's catch");
            }
            handled.add(text);
        });
        // Both consumers are held, so the backlog builds: whichever takes m1 takes some of the rest with it.
        publish(List.of("gate-a", "gate-b"));
        gate.awaitHeld();
        publish(numbered(1, 9));
        gate.open();

        // The Error ends one consumer thread; the other handles all the rest, each once. (The Error is meant to
        // escape: Awaitility must not rethrow it here.)
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> handled.size() >= 8);
        await().during(Duration.ofMillis(200)).atMost(WAIT).dontCatchUncaughtExceptions()
                .until(() -> handled.size() == 8);
        assertThat(handled).containsExactlyInAnyOrderElementsOf(numbered(2, 9));
    }

    @Test
    void whatAThreadTookWhenItsSubscriptionClosesStaysQueuedForTheGroup() throws InterruptedException {
        consumers(1);
        Gate gate = new Gate(1);
        Gate first = new Gate(1);
        List<String> before = new CopyOnWriteArrayList<>();
        Subscription subscription = broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            if (text.equals("gate")) {
                gate.hold();
            } else if (text.equals("m1")) {
                first.hold();
            }
            before.add(text);
        });
        publish(List.of("gate"));
        gate.awaitHeld();
        publish(numbered(1, 5));
        gate.open();
        // The one consumer took m1 and the backlog behind it; it closes while m1's handler runs.
        first.awaitHeld();
        Thread closer = Thread.ofPlatform().start(subscription::close);
        await().atMost(WAIT).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        first.open();
        closer.join(WAIT);

        List<String> after = new CopyOnWriteArrayList<>();
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> after.add(text(envelope)));

        await().atMost(WAIT).until(() -> after.size() >= 4);
        assertThat(before).containsExactly("gate", "m1");
        assertThat(after).containsExactlyInAnyOrderElementsOf(numbered(2, 5));
    }

    @Test
    void leavesAShareOfTheBacklogToTheOtherConsumers() throws InterruptedException {
        consumers(2);
        Gate gateA = new Gate(1);
        Gate gateB = new Gate(1);
        Gate slow = new Gate(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            switch (text) {
                case "gate-a" -> gateA.hold();
                case "gate-b" -> gateB.hold();
                case "m1" -> slow.hold();
                default -> { }
            }
            handled.add(text);
        });
        publish(List.of("gate-a", "gate-b"));
        gateA.awaitHeld();
        gateB.awaitHeld();
        publish(numbered(1, 4));
        // The consumer freed first takes m1, whose handler waits, and its share of the three behind it.
        gateA.open();
        await().atMost(WAIT).until(() -> handled.contains("gate-a"));
        gateB.open();

        // The other consumer, freed, still finds the rest of the backlog: two of m2..m4 are handled while m1 waits.
        await().atMost(WAIT).until(() -> handled.stream().filter(numbered(2, 4)::contains).count() == 2);
        assertThat(handled).doesNotContain("m1");
        slow.open();
        await().atMost(WAIT).until(() -> handled.containsAll(numbered(1, 4)));
        assertThat(handled).hasSize(6);
    }

    @Test
    void aHandlerThatThrowsInterruptedExceptionNeitherEndsTheThreadNorInterruptsTheNextHandler()
            throws InterruptedException {
        consumers(1);
        Gate gate = new Gate(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> interruptedOnEntry = new CopyOnWriteArrayList<>();
        // m1 fails at the head of a batch, m4 alone: each once.
        java.util.Set<String> failOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        failOnce.addAll(List.of("m1", "m4"));
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            if (Thread.currentThread().isInterrupted()) {
                interruptedOnEntry.add(text);
            }
            if (text.equals("gate")) {
                gate.hold();
                return;
            }
            if (failOnce.remove(text)) {
                throw new InterruptedException("the handler's own wait was cut short");
            }
            handled.add(text);
        });
        // With the one consumer held, m1..m3 queue up and are taken together behind m1.
        publish(List.of("gate"));
        gate.awaitHeld();
        publish(numbered(1, 3));
        gate.open();

        // m1 is delivered again after its failure; the thread goes on to handle everything, with no stale interrupt,
        // and still polls after a failure that left the interrupt set with nothing else taken (m4).
        await().atMost(WAIT).until(() -> handled.containsAll(numbered(1, 3)));
        publish(List.of("m4"));
        await().atMost(WAIT).until(() -> handled.contains("m4"));
        assertThat(interruptedOnEntry).isEmpty();
        assertThat(handled).containsExactlyInAnyOrderElementsOf(numbered(1, 4));
    }

    @Test
    void closingWakesConsumersWaitingOnAnEmptyQueueAndTheyTakeNothingMore() throws InterruptedException {
        consumers(2);
        List<String> handled = new CopyOnWriteArrayList<>();
        Subscription subscription = broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP,
                envelope -> handled.add(text(envelope)));
        publish(List.of("m1"));
        await().atMost(WAIT).until(() -> handled.contains("m1"));

        // Both consumer threads wait for the empty queue, with no timeout: closing must wake them, not wait out the
        // 5 s it allows each thread to end.
        Thread closer = Thread.ofPlatform().start(subscription::close);
        await().atMost(Duration.ofSeconds(2)).until(() -> !closer.isAlive());

        // Their threads have ended: a message published now stays queued for the group.
        publish(List.of("m2"));
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> broker.queued(QUEUE,
                MessageBroker.DEFAULT_GROUP) == 1);
        assertThat(handled).containsExactly("m1");
    }

    @Test
    void closingInterruptsOnlyTheWaitingConsumerNeverAHandlerThatRuns() throws InterruptedException {
        consumers(2);
        Gate gate = new Gate(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> interrupted = new CopyOnWriteArrayList<>();
        Subscription subscription = broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            try {
                gate.hold();
            } catch (InterruptedException e) {
                interrupted.add(text);
                throw e;
            }
            if (Thread.currentThread().isInterrupted()) {
                interrupted.add(text);
            }
            handled.add(text);
        });
        // One consumer runs the handler, held; the other waits for the empty queue.
        publish(List.of("slow"));
        gate.awaitHeld();

        // Closing wakes the waiting one and waits (up to 5 s) for the handler; the handler is not interrupted.
        Thread closer = Thread.ofPlatform().start(subscription::close);
        await().atMost(WAIT).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        gate.open();
        closer.join(WAIT);

        assertThat(closer.isAlive()).isFalse();
        assertThat(interrupted).isEmpty();
        assertThat(handled).containsExactly("slow");
    }

    @Test
    void aStrayInterruptOfAnIdleConsumerNeitherEndsItNorReachesTheNextHandler() throws InterruptedException {
        consumers(1);
        java.util.concurrent.atomic.AtomicReference<Thread> consumer =
                new java.util.concurrent.atomic.AtomicReference<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> interrupted = new CopyOnWriteArrayList<>();
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            consumer.set(Thread.currentThread());
            if (Thread.currentThread().isInterrupted()) {
                interrupted.add(text(envelope));
            }
            handled.add(text(envelope));
        });
        publish(List.of("m1"));
        await().atMost(WAIT).until(() -> handled.contains("m1"));

        // The one consumer now waits for the empty queue; someone else's interrupt cuts that wait short.
        Thread thread = consumer.get();
        await().atMost(WAIT).until(() -> thread.getState() == Thread.State.WAITING);
        thread.interrupt();

        // The subscription is still open: the thread waits again and handles the next message, not interrupted.
        publish(List.of("m2"));
        await().atMost(WAIT).until(() -> handled.contains("m2"));
        assertThat(thread.isAlive()).isTrue();
        assertThat(consumer.get()).isSameAs(thread);
        assertThat(interrupted).isEmpty();
        assertThat(handled).containsExactly("m1", "m2");
    }

    @Test
    void subscriptionsOpenedAndClosedWhileMessagesArriveLoseNoneRepeatNoneAndInterruptNoHandler()
            throws InterruptedException {
        consumers(2);
        int total = 2_000;
        java.util.Map<String, Integer> deliveries = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> interrupted = new CopyOnWriteArrayList<>();
        io.sagaflow.spi.MessageHandler handler = envelope -> {
            if (Thread.currentThread().isInterrupted()) {
                interrupted.add(text(envelope));
            }
            deliveries.merge(text(envelope), 1, Integer::sum);
        };
        Thread publisher = Thread.ofPlatform().start(() -> {
            for (int from = 1; from <= total; from += 10) {
                publish(numbered(from, from + 9));
                Thread.yield();
            }
        });
        // Subscriptions come and go while the messages arrive: each close wakes its idle consumers, takes back what
        // they took, and waits for the handlers it runs.
        for (int i = 0; i < 50; i++) {
            Subscription subscription = broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, handler);
            int seen = deliveries.size();
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(WAIT)
                    .until(() -> deliveries.size() > seen || !publisher.isAlive());
            subscription.close();
        }
        publisher.join(WAIT);
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, handler);

        await().atMost(WAIT).until(() -> deliveries.size() == total);
        assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(numbered(1, total));
        assertThat(deliveries.values()).as("each message handled once").containsOnly(1);
        assertThat(interrupted).isEmpty();
        assertThat(broker.deadLetters()).isEmpty();
    }

    /** Holds handlers until opened, and lets the test wait until they are held. */
    private static final class Gate {
        private final CountDownLatch held;
        private final CountDownLatch open = new CountDownLatch(1);

        Gate(int handlers) {
            held = new CountDownLatch(handlers);
        }

        /** In a handler: counts itself held, then waits (bounded) until the gate opens. */
        void hold() throws InterruptedException {
            held.countDown();
            assertThat(open.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("gate opened").isTrue();
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("handlers held").isTrue();
        }

        void open() {
            open.countDown();
        }
    }
}

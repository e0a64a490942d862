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
 * closes, and it does not keep work from the subscription's other consumers.
 */
class InMemoryConsumerBatchTest {
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

    private void publish(List<String> texts) {
        broker.publish(texts.stream().map(InMemoryConsumerBatchTest::command).toList());
    }

    @Test
    void whatAThreadTookBehindAHandlerThatThrowsAnErrorGoesBackToTheQueue() throws InterruptedException {
        broker = new InMemoryMessageBroker(3, Duration.ofMillis(10), 2, Dispatch.QUEUED);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch bothHeld = new CountDownLatch(2);
        List<String> handled = new CopyOnWriteArrayList<>();
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            if (text.startsWith("gate")) {
                bothHeld.countDown();
                gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                return;
            }
            if (text.equals("m1")) {
                throw new AssertionError("an Error escapes every handler's catch");
            }
            handled.add(text);
        });
        // Both consumers are held, so the backlog builds: whichever takes m1 takes some of the rest with it.
        publish(List.of("gate-a", "gate-b"));
        assertThat(bothHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        publish(numbered(1, 9));
        gate.countDown();

        // The Error ends one consumer thread; the other handles all the rest, each once. (The Error is meant to
        // escape: Awaitility must not rethrow it here.)
        await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> handled.size() >= 8);
        await().during(Duration.ofMillis(200)).atMost(WAIT).dontCatchUncaughtExceptions()
                .until(() -> handled.size() == 8);
        assertThat(handled).containsExactlyInAnyOrderElementsOf(numbered(2, 9));
    }

    @Test
    void whatAThreadTookWhenItsSubscriptionClosesStaysQueuedForTheGroup() throws InterruptedException {
        broker = new InMemoryMessageBroker(3, Duration.ofMillis(10), 1, Dispatch.QUEUED);
        CountDownLatch gateHeld = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        List<String> before = new CopyOnWriteArrayList<>();
        Subscription subscription = broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            if (text.equals("gate")) {
                gateHeld.countDown();
                gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } else if (text.equals("m1")) {
                firstHeld.countDown();
                first.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            before.add(text);
        });
        publish(List.of("gate"));
        assertThat(gateHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        publish(numbered(1, 5));
        gate.countDown();
        // The one consumer took m1 and the backlog behind it; it closes while m1's handler runs.
        assertThat(firstHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Thread closer = Thread.ofPlatform().start(subscription::close);
        await().atMost(WAIT).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        first.countDown();
        closer.join(WAIT);

        List<String> after = new CopyOnWriteArrayList<>();
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> after.add(text(envelope)));

        await().atMost(WAIT).until(() -> after.size() >= 4);
        assertThat(before).containsExactly("gate", "m1");
        assertThat(after).containsExactlyInAnyOrderElementsOf(numbered(2, 5));
    }

    @Test
    void leavesAShareOfTheBacklogToTheOtherConsumers() throws InterruptedException {
        broker = new InMemoryMessageBroker(3, Duration.ofMillis(10), 2, Dispatch.QUEUED);
        CountDownLatch gateA = new CountDownLatch(1);
        CountDownLatch gateB = new CountDownLatch(1);
        CountDownLatch bothHeld = new CountDownLatch(2);
        CountDownLatch slow = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        broker.subscribe(QUEUE, MessageBroker.DEFAULT_GROUP, envelope -> {
            String text = text(envelope);
            switch (text) {
                case "gate-a" -> {
                    bothHeld.countDown();
                    gateA.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                case "gate-b" -> {
                    bothHeld.countDown();
                    gateB.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
                case "m1" -> slow.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                default -> { }
            }
            handled.add(text);
        });
        publish(List.of("gate-a", "gate-b"));
        assertThat(bothHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        publish(numbered(1, 4));
        // The consumer freed first takes m1, whose handler waits, and its share of the three behind it.
        gateA.countDown();
        await().atMost(WAIT).until(() -> handled.contains("gate-a"));
        gateB.countDown();

        // The other consumer, freed, still finds the rest of the backlog: two of m2..m4 are handled while m1 waits.
        await().atMost(WAIT).until(() -> handled.stream().filter(numbered(2, 4)::contains).count() == 2);
        assertThat(handled).doesNotContain("m1");
        slow.countDown();
        await().atMost(WAIT).until(() -> handled.containsAll(numbered(1, 4)));
        assertThat(handled).hasSize(6);
    }
}

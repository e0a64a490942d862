package io.sagaflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sagaflow.spi.CommandWork;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Exactly-once work per message id, the same reply for every duplicate, and a bounded memory of ids. */
class InMemoryParticipantInboxTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private final RecordingBroker broker = new RecordingBroker();

    private static Envelope command(String messageId) {
        return new Envelope(messageId, MessageKind.COMMAND, Destination.commands("inventory"), "ReserveStock",
                null, null, "reserve", null, Destination.replies("orders"), NOW, Map.of(), new byte[] {1});
    }

    private static CommandWork counting(AtomicInteger runs) {
        return c -> {
            runs.incrementAndGet();
            return c.reply(MessageKind.REPLY_SUCCESS, null, new byte[0], null, NOW);
        };
    }

    @Test
    void aRedeliveryGetsTheFirstReplyAgainWithoutRunningTheWork() throws Exception {
        var inbox = new InMemoryParticipantInbox(broker);
        AtomicInteger runs = new AtomicInteger();

        inbox.process(command("m-1"), counting(runs));
        inbox.process(command("m-1"), counting(runs));

        assertThat(runs).hasValue(1);
        assertThat(broker.published).hasSize(2);
        assertThat(broker.published.get(1)).isSameAs(broker.published.get(0));
    }

    @Test
    void aDuplicateArrivingWhileTheFirstRunsWaitsForItAndSendsItsReply() throws Exception {
        var inbox = new InMemoryParticipantInbox(broker);
        Held slow = new Held(null);
        Thread first = slow.startOn(inbox, "m-1");
        Thread duplicate = Thread.ofVirtual().start(() -> processQuietly(inbox, command("m-1"), slow));

        await().atMost(Duration.ofSeconds(10)).until(() -> duplicate.getState() == Thread.State.WAITING);
        assertThat(broker.published).isEmpty();
        slow.release.countDown();
        first.join();
        duplicate.join();

        assertThat(slow.runs).hasValue(1);
        assertThat(broker.published).hasSize(2);
        assertThat(broker.published.get(1)).isSameAs(broker.published.get(0));
    }

    @Test
    void aFailedFirstDeliveryRecordsNothingSoTheNextOneRunsTheWork() throws Exception {
        var inbox = new InMemoryParticipantInbox(broker);
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> inbox.process(command("m-1"), c -> {
            runs.incrementAndGet();
            throw new IllegalStateException("database down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("database down");
        assertThat(broker.published).isEmpty();
        assertThat(inbox.size()).isZero();

        inbox.process(command("m-1"), counting(runs));
        assertThat(runs).hasValue(2);
        assertThat(broker.published).hasSize(1);
    }

    @Test
    void aDuplicateWaitingOnAFirstDeliveryThatFailsRunsTheWorkItself() throws Exception {
        var inbox = new InMemoryParticipantInbox(broker);
        Held failing = new Held(new IllegalStateException("database down"));
        Thread first = failing.startOn(inbox, "m-1");
        Thread duplicate = Thread.ofVirtual().start(() -> processQuietly(inbox, command("m-1"),
                counting(failing.runs)));
        await().atMost(Duration.ofSeconds(10)).until(() -> duplicate.getState() == Thread.State.WAITING);

        failing.release.countDown();
        first.join();
        duplicate.join();

        assertThat(failing.failures).singleElement().extracting(Throwable::getMessage).isEqualTo("database down");
        assertThat(failing.runs).hasValue(2);
        assertThat(broker.published).hasSize(1);
    }

    @Test
    void forgetsTheOldestIdsBeyondItsCapacity() throws Exception {
        var inbox = new InMemoryParticipantInbox(broker, 2);
        AtomicInteger runs = new AtomicInteger();
        for (String id : List.of("m-1", "m-2", "m-3")) {
            inbox.process(command(id), counting(runs));
        }
        assertThat(inbox.size()).isEqualTo(2);

        inbox.process(command("m-3"), counting(runs));
        inbox.process(command("m-2"), counting(runs));
        assertThat(runs).hasValue(3);
        inbox.process(command("m-1"), counting(runs)); // forgotten: runs again
        assertThat(runs).hasValue(4);
        assertThat(inbox.size()).isEqualTo(2);
    }

    @Test
    void neverForgetsAnIdWhoseWorkStillRunsButKeepsTrimmingFinishedOnes() throws Exception {
        var inbox = new InMemoryParticipantInbox(broker, 2);
        Held slow = new Held(null);
        Thread first = slow.startOn(inbox, "slow");
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            inbox.process(command("m-" + i), counting(runs));
        }
        assertThat(inbox.size()).isEqualTo(2);

        Thread duplicate = Thread.ofVirtual().start(() -> processQuietly(inbox, command("slow"), slow));
        await().atMost(Duration.ofSeconds(10)).until(() -> duplicate.getState() == Thread.State.WAITING);
        slow.release.countDown();
        first.join();
        duplicate.join();
        assertThat(slow.runs).hasValue(1);
    }

    @Test
    void manyConcurrentDuplicatesRunEachCommandOnceAndAllGetItsReply() throws Exception {
        var inbox = new InMemoryParticipantInbox(broker);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        int ids = 2_000;
        int copies = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < copies; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < ids; i++) {
                    String id = "m-" + i;
                    processQuietly(inbox, command(id), c -> {
                        runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        return c.reply(MessageKind.REPLY_SUCCESS, null, new byte[0], null, NOW);
                    });
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(runs).hasSize(ids).allSatisfy((id, count) -> assertThat(count).hasValue(1));
        assertThat(broker.published).hasSize(ids * copies);
        Map<String, Envelope> replyPerCommand = new ConcurrentHashMap<>();
        for (Envelope reply : broker.published) {
            assertThat(replyPerCommand.computeIfAbsent(reply.correlationId(), k -> reply)).isSameAs(reply);
        }
    }

    private static void processQuietly(InMemoryParticipantInbox inbox, Envelope command, CommandWork work) {
        try {
            inbox.process(command, work);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Work that blocks until released, then replies or throws; started on a thread of its own. */
    private static final class Held implements CommandWork {
        final CountDownLatch running = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final RuntimeException failure;

        Held(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Envelope execute(Envelope command) throws Exception {
            runs.incrementAndGet();
            running.countDown();
            assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            if (failure != null) {
                throw failure;
            }
            return command.reply(MessageKind.REPLY_SUCCESS, null, new byte[0], null, NOW);
        }

        /** @return the thread processing the command, once the work runs */
        Thread startOn(InMemoryParticipantInbox inbox, String messageId) throws InterruptedException {
            Thread thread = Thread.ofVirtual().start(() -> {
                try {
                    inbox.process(command(messageId), this);
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            return thread;
        }
    }

    /** Keeps what is published. */
    private static final class RecordingBroker implements MessageBroker {
        final List<Envelope> published = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<Envelope> messages) {
            published.addAll(messages);
        }

        @Override
        public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}

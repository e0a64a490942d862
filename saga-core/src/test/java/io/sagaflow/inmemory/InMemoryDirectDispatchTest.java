package io.sagaflow.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.MessageRejectedException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Dispatch#DIRECT}: what a handler publishes is handled on its thread once it returns, and every failure
 * path of the queued broker still holds: redelivery, dead letters with reasons, messages kept for a group no one
 * consumes, nothing lost to a closed subscription or a handler's {@link Error}.
 */
class InMemoryDirectDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Destination FIRST = Destination.commands("first");
    private static final Destination SECOND = Destination.commands("second");
    private static final Destination THIRD = Destination.commands("third");

    private final InMemoryMessageBroker direct = new InMemoryMessageBroker(3, Duration.ofMillis(10), 2,
            Dispatch.DIRECT);

    @AfterEach
    void close() {
        direct.close();
    }

    private static Envelope command(Destination destination, String text) {
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, destination, "Text", "saga-1", "direct",
                "step-1", null, Destination.replies("default"), Instant.now(), Map.of(),
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Envelope envelope) {
        return new String(envelope.payload(), StandardCharsets.UTF_8);
    }

    /** The first handler publishes to SECOND, then records that it returned; the second records its thread. */
    private static List<String> chain(MessageBroker broker, AtomicReference<Thread> firstThread,
                                      AtomicReference<Thread> secondThread) {
        List<String> events = new CopyOnWriteArrayList<>();
        broker.subscribe(FIRST, MessageBroker.DEFAULT_GROUP, envelope -> {
            firstThread.set(Thread.currentThread());
            broker.publish(List.of(command(SECOND, "next")));
            events.add("first returns");
        });
        broker.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            secondThread.set(Thread.currentThread());
            events.add("second handles " + text(envelope));
        });
        return events;
    }

    @Test
    void handlesWhatAHandlerPublishesOnItsThreadAfterItReturns() {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        List<String> events = chain(direct, first, second);

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(events).containsExactly("first returns", "second handles next");
        assertThat(second.get()).isSameAs(first.get());
        assertThat(direct.dispatch()).isEqualTo(Dispatch.DIRECT);
    }

    @Test
    void handsOnEveryMessageOfALongListThatIsNotRandomAccessInOrderOnTheHandlersThread() {
        AtomicReference<Thread> first = new AtomicReference<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        Set<Thread> secondThreads = ConcurrentHashMap.newKeySet();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP, envelope -> {
            first.set(Thread.currentThread());
            // More messages than the hand-on queue is first sized for, in a list read through its iterator only.
            java.util.LinkedList<Envelope> batch = new java.util.LinkedList<>();
            for (int i = 0; i < 9; i++) {
                batch.add(command(SECOND, "m" + i));
            }
            direct.publish(batch);
        });
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            secondThreads.add(Thread.currentThread());
            handled.add(text(envelope));
        });

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> handled.size() == 9);
        assertThat(handled).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
        assertThat(secondThreads).containsExactly(first.get());
    }

    @Test
    void anInterruptAHandlerLeavesSetOnAConsumerThreadDoesNotReachTheHandlerItHandsOnTo() {
        List<Boolean> secondSawInterrupt = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> first = new AtomicReference<>();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP, envelope -> {
            first.set(Thread.currentThread());
            direct.publish(List.of(command(SECOND, "next")));
            // As code that catches InterruptedException and restores the flag leaves it.
            Thread.currentThread().interrupt();
        });
        AtomicReference<Thread> second = new AtomicReference<>();
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            second.set(Thread.currentThread());
            secondSawInterrupt.add(Thread.currentThread().isInterrupted());
        });

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> !secondSawInterrupt.isEmpty());
        // Handed on (same thread), handled once, and not failed by an interrupt that was not its own.
        assertThat(second.get()).isSameAs(first.get());
        assertThat(secondSawInterrupt).containsExactly(false);
        assertThat(direct.deadLetters()).isEmpty();
    }

    @Test
    void deliverOnCallerHandlesWhatTheWorkPublishesOnTheCallingThreadBeforeItReturns() {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        List<String> events = chain(direct, first, second);

        String returned = direct.deliverOnCaller(() -> {
            direct.publish(List.of(command(FIRST, "go")));
            events.add("work returns");
            return "result";
        });

        assertThat(returned).isEqualTo("result");
        assertThat(events).containsExactly("work returns", "first returns", "second handles next");
        assertThat(first.get()).isSameAs(Thread.currentThread());
        assertThat(second.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void deliverOnCallerLeavesTheCallersOwnInterruptAlone() {
        List<Boolean> handlerSawInterrupt = new CopyOnWriteArrayList<>();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP,
                envelope -> handlerSawInterrupt.add(Thread.currentThread().isInterrupted()));

        Thread.currentThread().interrupt(); // the caller's own, set before it starts the work
        boolean stillInterrupted;
        try {
            direct.deliverOnCaller(() -> {
                direct.publish(List.of(command(FIRST, "go")));
                return null;
            });
        } finally {
            stillInterrupted = Thread.interrupted(); // and cleared, so the flag does not outlive this test
        }

        // Not this broker's to clear: the caller still sees it, and so does the handler run on its thread.
        assertThat(stillInterrupted).isTrue();
        assertThat(handlerSawInterrupt).containsExactly(true);
    }

    @Test
    void deliverOnCallerOnAQueuedBrokerOnlyRunsTheWork() {
        try (InMemoryMessageBroker queued = new InMemoryMessageBroker(3, Duration.ofMillis(10), 2)) {
            AtomicReference<Thread> first = new AtomicReference<>();
            AtomicReference<Thread> second = new AtomicReference<>();
            List<String> events = chain(queued, first, second);

            assertThat(queued.deliverOnCaller(() -> {
                queued.publish(List.of(command(FIRST, "go")));
                return 7;
            })).isEqualTo(7);

            await().atMost(WAIT).until(() -> events.size() == 2);
            assertThat(first.get()).isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void whatFailingWorkPublishedGoesToTheQueueAndTheFailurePropagates() {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        List<String> events = chain(direct, first, second);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> direct.deliverOnCaller(() -> {
            direct.publish(List.of(command(FIRST, "go")));
            throw new IllegalStateException("work failed after publishing");
        })).isInstanceOf(IllegalStateException.class).hasMessage("work failed after publishing");

        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(first.get()).as("delivered by a consumer thread").isNotSameAs(Thread.currentThread());
        assertThat(events).containsExactly("first returns", "second handles next");
    }

    @Test
    void deliverOnCallerWithinAHandlerLeavesWhatItPublishesToTheHandlersThreadAfterTheHandler() {
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> handlerThread = new AtomicReference<>();
        AtomicReference<Thread> secondThread = new AtomicReference<>();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP, envelope -> {
            handlerThread.set(Thread.currentThread());
            direct.deliverOnCaller(() -> {
                direct.publish(List.of(command(SECOND, "nested")));
                return null;
            });
            events.add("first returns");
        });
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            secondThread.set(Thread.currentThread());
            events.add("second handles " + text(envelope));
        });

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> events.size() == 2);
        assertThat(events).containsExactly("first returns", "second handles nested");
        assertThat(secondThread.get()).isSameAs(handlerThread.get());
    }

    @Test
    void aQueuedBrokerHandsTheSameMessageToAnotherThread() {
        try (InMemoryMessageBroker queued = new InMemoryMessageBroker(3, Duration.ofMillis(10), 2)) {
            AtomicReference<Thread> first = new AtomicReference<>();
            AtomicReference<Thread> second = new AtomicReference<>();
            List<String> events = chain(queued, first, second);

            queued.publish(List.of(command(FIRST, "go")));

            await().atMost(WAIT).until(() -> events.size() == 2);
            assertThat(second.get()).isNotSameAs(first.get());
            assertThat(queued.dispatch()).isEqualTo(Dispatch.QUEUED);
        }
    }

    @Test
    void redeliversAHandedOnMessageThatFailsAndDeadLettersItAtTheLimit() {
        AtomicInteger attempts = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP,
                envelope -> direct.publish(List.of(command(SECOND, "doomed"))));
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            threads.add(Thread.currentThread());
            throw new IllegalStateException("attempt " + attempts.incrementAndGet() + " of " + text(envelope));
        });

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> !direct.deadLetters().isEmpty());
        DeadLetter dead = direct.deadLetters().getFirst();
        assertThat(attempts).hasValue(3);
        assertThat(text(dead.envelope())).isEqualTo("doomed");
        assertThat(dead.deliveries()).isEqualTo(3);
        assertThat(dead.reason()).isEqualTo(
                "handler failed 3 times, last: java.lang.IllegalStateException: attempt 3 of doomed");
        // The first delivery ran on the publishing handler's thread, the redeliveries on the group's consumers.
        assertThat(threads).hasSizeGreaterThan(1);
    }

    @Test
    void deadLettersARejectedHandedOnMessageAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP,
                envelope -> direct.publish(List.of(command(SECOND, "unreadable"))));
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            attempts.incrementAndGet();
            throw new MessageRejectedException("payload 'unreadable' is not an order");
        });

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> !direct.deadLetters().isEmpty());
        assertThat(attempts).hasValue(1);
        assertThat(direct.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.reason()).isEqualTo("payload 'unreadable' is not an order");
            assertThat(dead.group()).isEqualTo(MessageBroker.DEFAULT_GROUP);
        });
    }

    @Test
    void takesTurnsAmongTheSubscriptionsOfAGroupAndHandlesEachMessageOnce() {
        Map<String, Integer> handled = new ConcurrentHashMap<>();
        List<String> byOne = new CopyOnWriteArrayList<>();
        List<String> byOther = new CopyOnWriteArrayList<>();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP, envelope -> {
            for (int i = 0; i < 100; i++) {
                direct.publish(List.of(command(SECOND, "m" + i)));
            }
        });
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            handled.merge(text(envelope), 1, Integer::sum);
            byOne.add(text(envelope));
        });
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            handled.merge(text(envelope), 1, Integer::sum);
            byOther.add(text(envelope));
        });

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> handled.size() == 100);
        assertThat(handled.values()).containsOnly(1);
        assertThat(byOne).hasSize(50);
        assertThat(byOther).hasSize(50);
    }

    @Test
    void keepsWhatAHandlerPublishesForAGroupNoOneConsumesYet() {
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP,
                envelope -> direct.publish(List.of(command(THIRD, "kept"))));

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> direct.queued(THIRD, MessageBroker.DEFAULT_GROUP) == 1);
        List<String> late = new CopyOnWriteArrayList<>();
        direct.subscribe(THIRD, MessageBroker.DEFAULT_GROUP, envelope -> late.add(text(envelope)));
        await().atMost(WAIT).until(() -> late.size() == 1);
        assertThat(late).containsExactly("kept");
    }

    @Test
    void givesAMessageForASubscriptionClosedMeanwhileBackToItsQueue() {
        AtomicInteger closedOnesCalls = new AtomicInteger();
        Subscription second = direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP,
                envelope -> closedOnesCalls.incrementAndGet());
        AtomicInteger firstDone = new AtomicInteger();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP, envelope -> {
            direct.publish(List.of(command(SECOND, "orphan")));
            second.close(); // the message is handed on to this subscription, which is gone when the handler returns
            firstDone.incrementAndGet();
        });

        direct.publish(List.of(command(FIRST, "go")));

        await().atMost(WAIT).until(() -> firstDone.get() == 1
                && direct.queued(SECOND, MessageBroker.DEFAULT_GROUP) == 1);
        assertThat(closedOnesCalls).hasValue(0);
        List<String> successor = new CopyOnWriteArrayList<>();
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> successor.add(text(envelope)));
        await().atMost(WAIT).until(() -> successor.size() == 1);
        assertThat(successor).containsExactly("orphan");
    }

    @Test
    void closingASubscriptionWaitsForADeliveryHandedOnToItOnAnotherThread() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Subscription second = direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            running.countDown();
            release.await();
            order.add("handler returned");
        });
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP,
                envelope -> direct.publish(List.of(command(SECOND, "slow"))));
        direct.publish(List.of(command(FIRST, "go")));
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Thread closer = Thread.ofPlatform().start(() -> {
            second.close();
            order.add("close returned");
        });
        // The handler runs on FIRST's consumer thread, which close() does not join: it must wait for it anyway.
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(order::isEmpty);
        release.countDown();
        closer.join(WAIT);

        assertThat(order).containsExactly("handler returned", "close returned");
    }

    @Test
    void putsBackWhatIsLeftWhenAHandedOnHandlerThrowsAnError() {
        Seen third = fatalSecondAndRecordedThird();
        direct.subscribe(FIRST, MessageBroker.DEFAULT_GROUP, envelope -> direct.publish(List.of(
                command(SECOND, "fatal"), command(THIRD, "after the fatal one"))));

        direct.publish(List.of(command(FIRST, "go")));

        // Handed on behind the fatal one, the message goes back to THIRD's queue when the Error ends FIRST's thread,
        // and THIRD's own consumers handle it. (The Error is meant to escape: Awaitility must not rethrow it here.)
        third.handledOnlyByItsOwnConsumers("after the fatal one");
    }

    @Test
    void anErrorOfAHandlerRunOnTheCallerReachesTheCallerAfterTheWorkAndLeavesTheRestQueued() {
        Seen third = fatalSecondAndRecordedThird();
        List<String> work = new CopyOnWriteArrayList<>();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> direct.deliverOnCaller(() -> {
            direct.publish(List.of(command(SECOND, "fatal"), command(THIRD, "after the fatal one")));
            work.add("done");
            return null;
        })).isInstanceOf(AssertionError.class).hasMessageContaining("escapes every handler's catch");

        // The work had completed (for an engine: the saga was stored) before the Error; the message behind the fatal
        // one went back to its queue and THIRD's own consumers handle it.
        assertThat(work).containsExactly("done");
        third.handledOnlyByItsOwnConsumers("after the fatal one");
    }

    /** What THIRD's handler saw, and on which threads. */
    private record Seen(List<String> texts, Set<String> threads) {
        /** Waits for one message (an escaping Error is meant to: not rethrown), then checks where it ran. */
        void handledOnlyByItsOwnConsumers(String text) {
            await().atMost(WAIT).dontCatchUncaughtExceptions().until(() -> texts.size() == 1);
            assertThat(texts).containsExactly(text);
            assertThat(threads).allMatch(name -> name.contains("third"), "a consumer thread of THIRD");
        }
    }

    /**
     * Subscribes SECOND with a handler that throws an Error, and THIRD with one that records what it handles.
     *
     * @return THIRD's records
     */
    private Seen fatalSecondAndRecordedThird() {
        Seen third = new Seen(new CopyOnWriteArrayList<>(), ConcurrentHashMap.newKeySet());
        direct.subscribe(THIRD, MessageBroker.DEFAULT_GROUP, envelope -> {
            third.threads().add(Thread.currentThread().getName());
            third.texts().add(text(envelope));
        });
        direct.subscribe(SECOND, MessageBroker.DEFAULT_GROUP, envelope -> {
            throw new AssertionError("an Error escapes every handler's catch");
        });
        return third;
    }
}

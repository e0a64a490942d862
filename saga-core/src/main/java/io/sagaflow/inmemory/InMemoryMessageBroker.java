package io.sagaflow.inmemory;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker in this JVM with the delivery model of {@link MessageBroker}: a queue per destination and group (kept
 * while no one consumes, like a durable queue), competing consumers within a group, redelivery after a handler
 * fails, and a dead-letter list with reasons once the delivery limit is reached or a message is rejected.
 *
 * <p>How a published message reaches its subscriber is the broker's {@link Dispatch}: through the group's queue and
 * its consumer threads ({@link Dispatch#QUEUED}, the default), or, for a message published while one of this
 * broker's handlers runs (or within {@link #deliverOnCaller}), on that thread right after the handler (or the work)
 * returns ({@link Dispatch#DIRECT}).
 *
 * <p>Thread-safe. Consumers run on virtual threads. A queued consumer thread takes up to 8 messages at once, no
 * more than its share of the backlog among its group's consumer threads; what it took and did not handle goes back
 * to the queue when its subscription closes or a handler's {@link Error} ends the thread.
 *
 * @since 0.1
 */
public final class InMemoryMessageBroker implements MessageBroker {
    private static final Logger log = LoggerFactory.getLogger(InMemoryMessageBroker.class);

    /** Deliveries of one message before it is dead-lettered, by default. */
    public static final int DEFAULT_MAX_DELIVERIES = 5;
    /** Pause before a failed message is delivered again, by default. */
    public static final Duration DEFAULT_REDELIVERY_DELAY = Duration.ofMillis(50);
    /** Consumer threads per subscription, by default. */
    public static final int DEFAULT_CONSUMERS = 2;

    /**
     * How a published message reaches a subscriber of its group.
     *
     * @since 0.1
     */
    public enum Dispatch {
        /** Every message goes through its group's queue to one of the group's consumer threads. */
        QUEUED,
        /**
         * A message published by a handler of this broker (a participant's reply, the orchestrator's next command,
         * an event) is handled on the publishing handler's thread as soon as that handler has returned, in publish
         * order, by one of the group's subscriptions in turn: no queue, no thread hand-off, the way Axon's
         * subscribing event processors run. So are messages published within {@link #deliverOnCaller}, through which a
         * saga engine starts its sagas: a saga then runs on the thread that starts it, up to its first wait for
         * something that is not a handler of this broker (a timer, a retry's back-off, a reply from elsewhere), and
         * {@code startSaga} returns after that. Messages published from any other thread, messages for a group no one
         * subscribes to yet, and redeliveries after a failure go through the queue as with {@link #QUEUED}; failures,
         * redelivery and dead-lettering are the same. Suits handlers that compute rather than wait: a handler that
         * blocks holds up the messages queued behind it on its thread.
         */
        DIRECT
    }

    private final int maxDeliveries;
    private final Duration redeliveryDelay;
    private final int consumersPerSubscription;
    private final Dispatch dispatch;
    /**
     * The messages a handler on this thread (or the work given to {@link #deliverOnCaller}) has published, to handle
     * once it returns; null on other threads.
     */
    private final ThreadLocal<@Nullable ArrayDeque<Pending>> handedOn = new ThreadLocal<>();
    private final Map<Destination, Map<String, Group>> queues = new ConcurrentHashMap<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final List<Consumers> subscriptions = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService redeliveries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sagaflow-inmemory-redelivery").factory());

    /** A broker with the default limits. */
    public InMemoryMessageBroker() {
        this(DEFAULT_MAX_DELIVERIES, DEFAULT_REDELIVERY_DELAY, DEFAULT_CONSUMERS);
    }

    /**
     * @param maxDeliveries deliveries of one message before it is dead-lettered
     * @param redeliveryDelay pause before a failed message is delivered again
     * @param consumersPerSubscription consumer threads per subscription
     */
    public InMemoryMessageBroker(int maxDeliveries, Duration redeliveryDelay, int consumersPerSubscription) {
        this(maxDeliveries, redeliveryDelay, consumersPerSubscription, Dispatch.QUEUED);
    }

    /**
     * @param maxDeliveries deliveries of one message before it is dead-lettered
     * @param redeliveryDelay pause before a failed message is delivered again
     * @param consumersPerSubscription consumer threads per subscription
     * @param dispatch how a published message reaches a subscriber
     */
    public InMemoryMessageBroker(int maxDeliveries, Duration redeliveryDelay, int consumersPerSubscription,
                                 Dispatch dispatch) {
        if (maxDeliveries < 1 || consumersPerSubscription < 1) {
            throw new IllegalArgumentException("maxDeliveries and consumersPerSubscription must be >= 1, were "
                    + maxDeliveries + ", " + consumersPerSubscription);
        }
        this.maxDeliveries = maxDeliveries;
        this.redeliveryDelay = redeliveryDelay;
        this.consumersPerSubscription = consumersPerSubscription;
        this.dispatch = java.util.Objects.requireNonNull(dispatch, "dispatch");
    }

    /** @return how this broker hands a published message to a subscriber */
    public Dispatch dispatch() {
        return dispatch;
    }

    @Override
    public void publish(List<Envelope> messages) {
        ArrayDeque<Pending> direct = dispatch == Dispatch.DIRECT ? handedOn.get() : null;
        // By index, with no iterator made per publish, for the lists the engine and the outbox hand over.
        List<Envelope> all = messages instanceof RandomAccess ? messages : List.copyOf(messages);
        for (int i = 0, n = all.size(); i < n; i++) {
            Envelope message = all.get(i);
            Map<String, Group> groups = groups(message.destination());
            if (groups.isEmpty()) {
                log.debug("event {} has no subscribed group; not kept", message);
            }
            for (Group group : groups.values()) {
                Delivery delivery = new Delivery(message, 0);
                Consumers subscriber = direct == null ? null : group.nextSubscriber();
                if (subscriber != null) {
                    direct.addLast(new Pending(subscriber, delivery));
                } else {
                    group.queue.add(delivery);
                }
            }
        }
    }

    /**
     * With {@link Dispatch#DIRECT}, and unless the calling thread is already handling a message of this broker's
     * (then the handler's thread hands on what {@code work} publishes, after the handler returns), handles what
     * {@code work} publishes on the calling thread once it has returned, as a consumer thread does after a handler.
     * If {@code work} throws, what it published goes to the queues instead and the exception propagates. A handler
     * run here that fails is redelivered through the queue as anywhere else; one that throws an {@link Error} passes
     * it to the caller, after {@code work} has returned (a saga engine's new saga is stored), and what was still
     * waiting goes back to the queues.
     */
    @Override
    public <T> T deliverOnCaller(Supplier<T> work) {
        if (dispatch != Dispatch.DIRECT || handedOn.get() != null) {
            return work.get();
        }
        List<T> result = new ArrayList<>(1);
        // The caller's thread: its interrupt flag is the caller's, not this broker's to clear.
        handOn(() -> result.add(work.get()), false);
        return result.get(0);
    }

    /**
     * Runs {@code first}, then handles on this thread what is published meanwhile, until nothing is left. A message
     * for a subscription closed since it was published goes back to that group's queue, as does everything left
     * when {@code first} or a handler throws.
     *
     * @param clearInterrupts whether to clear the interrupt flag before each handler after {@code first}: on a
     *     consumer thread of this broker, where a flag a handler left set (restoring an interrupt it caught) would
     *     make the next handler fail, which owes it nothing
     */
    private void handOn(Runnable first, boolean clearInterrupts) {
        // Room for one saga step's messages; the default 16 slots were more than a saga's handing on ever held.
        ArrayDeque<Pending> pending = new ArrayDeque<>(4);
        handedOn.set(pending);
        try {
            first.run();
            for (Pending next; (next = pending.pollFirst()) != null; ) {
                if (clearInterrupts) {
                    Thread.interrupted();
                }
                if (!next.consumers().deliverHandedOn(next.delivery())) {
                    next.consumers().queue.add(next.delivery());
                }
            }
        } finally {
            handedOn.remove();
            for (Pending left; (left = pending.pollFirst()) != null; ) {
                left.consumers().queue.add(left.delivery());
            }
        }
    }

    /** @return true: a publish is a queue insert in this JVM */
    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
        Group queue = groups(destination).computeIfAbsent(group, g -> new Group());
        Consumers consumers = new Consumers(destination, group, queue.queue, handler);
        subscriptions.add(consumers);
        queue.subscribers.add(consumers);
        consumers.start();
        return () -> {
            queue.subscribers.remove(consumers);
            consumers.close();
            subscriptions.remove(consumers);
        };
    }

    private Map<String, Group> groups(Destination destination) {
        return queues.computeIfAbsent(destination, d -> {
            Map<String, Group> groups = new ConcurrentHashMap<>();
            if (d.kind() != Destination.Kind.EVENTS) {
                groups.put(DEFAULT_GROUP, new Group());
            }
            return groups;
        });
    }

    /** @return the messages given up on, oldest first */
    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /**
     * @param destination a destination
     * @param group a group
     * @return how many messages wait in that group's queue
     */
    public int queued(Destination destination, String group) {
        Group queue = groups(destination).get(group);
        return queue == null ? 0 : queue.queue.size();
    }

    @Override
    public void close() {
        for (Consumers consumers : subscriptions) {
            consumers.close();
        }
        subscriptions.clear();
        redeliveries.shutdownNow();
    }

    private record Delivery(Envelope envelope, int deliveries) {
    }

    /**
     * The consumer thread waiting for its queue, if one is: closing interrupts it only then, and the thread clears an
     * interrupt that came as its wait ended before it runs a handler, so a handler never sees closing's interrupt.
     */
    private static final class Waiter {
        private @Nullable Thread waiting;

        /** Called by the consumer thread before it waits. */
        synchronized void begin() {
            waiting = Thread.currentThread();
        }

        /** Called by the consumer thread once it no longer waits: from then on {@link #wake} leaves it alone. */
        synchronized void end() {
            waiting = null;
        }

        synchronized void wake() {
            if (waiting != null) {
                waiting.interrupt();
            }
        }
    }

    /** A message handed on to a subscription on the publishing handler's thread. */
    private record Pending(Consumers consumers, Delivery delivery) {
    }

    /** A group's queue and the subscriptions consuming it. */
    private static final class Group {
        final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
        final List<Consumers> subscribers = new CopyOnWriteArrayList<>();
        private final AtomicInteger turn = new AtomicInteger();

        /** @return the subscription whose turn it is, or null when no one consumes this group */
        @Nullable Consumers nextSubscriber() {
            List<Consumers> open = subscribers;
            int size = open.size();
            if (size == 0) {
                return null;
            }
            try {
                return open.get(size == 1 ? 0 : Math.floorMod(turn.getAndIncrement(), size));
            } catch (IndexOutOfBoundsException unsubscribed) {
                return null; // one left meanwhile: the queue keeps the message for the rest
            }
        }
    }

    private final class Consumers {
        /**
         * Deliveries a consumer thread takes from its queue at once, one lock for all: taking them one at a time
         * cost about 6% of the CPU per saga near 100,000 sagas a second (closed loop, alternating JVMs).
         */
        private static final int BATCH = 8;
        private final Destination destination;
        private final String group;
        private final LinkedBlockingQueue<Delivery> queue;
        private final MessageHandler handler;
        private final AtomicBoolean open = new AtomicBoolean(true);
        /** Deliveries to this subscription running on other subscriptions' threads (direct dispatch). */
        private final AtomicInteger handedOnNow = new AtomicInteger();
        private final List<Thread> threads = new ArrayList<>();
        private final List<Waiter> waiters = new ArrayList<>();

        Consumers(Destination destination, String group, LinkedBlockingQueue<Delivery> queue, MessageHandler handler) {
            this.destination = destination;
            this.group = group;
            this.queue = queue;
            this.handler = handler;
        }

        void start() {
            for (int i = 0; i < consumersPerSubscription; i++) {
                Waiter waiter = new Waiter();
                waiters.add(waiter);
                threads.add(Thread.ofVirtual().name("sagaflow-consumer-" + destination + "-" + group + "-" + i)
                        .start(() -> consume(waiter)));
            }
        }

        private void consume(Waiter waiter) {
            ArrayDeque<Delivery> taken = new ArrayDeque<>(BATCH);
            while (open.get()) {
                Delivery first = queue.poll();
                if (first == null) {
                    first = await(waiter);
                }
                if (first == null) {
                    continue;
                }
                taken.add(first);
                // Up to a fair share of the backlog, so the subscription's other consumers are not left idle
                // behind a slow handler while this thread holds what they could run.
                int share = Math.min(BATCH - 1, queue.size() / consumersPerSubscription);
                if (share > 0) {
                    queue.drainTo(taken, share);
                }
                try {
                    for (Delivery delivery; (delivery = taken.poll()) != null; ) {
                        // A handler that was interrupted, or threw InterruptedException, leaves the flag set: it
                        // must neither reach the next handler nor end this thread at its next poll.
                        Thread.interrupted();
                        if (!open.get()) {
                            queue.add(delivery);
                            continue;
                        }
                        if (dispatch == Dispatch.DIRECT) {
                            Delivery handed = delivery;
                            handOn(() -> deliver(handed), true);
                        } else {
                            deliver(delivery);
                        }
                    }
                } finally {
                    // A handler's Error ends this thread: what it had taken but not delivered goes back.
                    queue.addAll(taken);
                    taken.clear();
                }
            }
        }

        /**
         * Waits for the next delivery with no timeout: a timed wait here (100 ms, to notice a close) had made about
         * twice the futex calls and context switches per saga, a timed park of a virtual thread being a timer set and
         * cancelled. Closing wakes the wait instead, through {@link Waiter#wake}.
         *
         * @return the next delivery, or null when woken (to close, or by a stray interrupt: the caller checks
         *     {@link #open})
         */
        private @Nullable Delivery await(Waiter waiter) {
            waiter.begin();
            try {
                // After begin(): a close that cleared open after this check finds the thread waiting and wakes it.
                return open.get() ? queue.take() : null;
            } catch (InterruptedException e) {
                return null;
            } finally {
                waiter.end();
                // A wake that came as take() returned: cleared here, so that it never reaches a handler.
                Thread.interrupted();
            }
        }

        private void deliver(Delivery delivery) {
            int count = delivery.deliveries() + 1;
            try {
                handler.handle(delivery.envelope());
            } catch (MessageRejectedException e) {
                deadLetter(delivery.envelope(), e.getMessage(), count);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (count >= maxDeliveries) {
                    deadLetter(delivery.envelope(), "handler failed " + count + " times, last: " + e, count);
                    return;
                }
                log.warn("{} in group '{}': delivery {} failed, redelivering: {}", delivery.envelope(), group, count,
                        e.toString());
                Delivery again = new Delivery(delivery.envelope(), count);
                try {
                    redeliveries.schedule(() -> queue.add(again), redeliveryDelay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    queue.add(again);
                }
            }
        }

        private void deadLetter(Envelope envelope, String reason, int deliveries) {
            log.error("{} dead-lettered from group '{}' after {} deliveries: {}", envelope, group, deliveries, reason);
            deadLetters.add(new DeadLetter(envelope, group, reason, deliveries, Instant.now()));
        }

        /**
         * Delivers a message handed on from another subscription's thread, unless this subscription is closed. Counted
         * while it runs, so that {@link #close} can wait for it as it waits for its own threads.
         *
         * @return false if closed: the caller puts the message back in the queue
         */
        private boolean deliverHandedOn(Delivery delivery) {
            handedOnNow.incrementAndGet();
            try {
                if (!open.get()) {
                    return false;
                }
                deliver(delivery);
                return true;
            } finally {
                handedOnNow.decrementAndGet();
            }
        }

        /**
         * Stops the consumer threads and waits, up to 5 s each, for them and for deliveries handed on to this
         * subscription on other threads, so that no handler of it runs once this returns. (Called from one of its
         * own handlers, it waits out the 5 s for that handler.)
         */
        void close() {
            if (open.compareAndSet(true, false)) {
                for (Waiter waiter : waiters) {
                    waiter.wake();
                }
                for (Thread thread : threads) {
                    try {
                        thread.join(Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (handedOnNow.get() > 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}

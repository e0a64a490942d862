package io.sagaflow.inmemory;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker in this JVM with the delivery model of {@link MessageBroker}: a queue per destination and group (kept
 * while no one consumes, like a durable queue), competing consumers within a group, redelivery after a handler
 * fails, and a dead-letter list with reasons once the delivery limit is reached or a message is rejected.
 *
 * <p>Thread-safe. Consumers run on virtual threads.
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

    private final int maxDeliveries;
    private final Duration redeliveryDelay;
    private final int consumersPerSubscription;
    private final Map<Destination, Map<String, LinkedBlockingQueue<Delivery>>> queues = new ConcurrentHashMap<>();
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
        if (maxDeliveries < 1 || consumersPerSubscription < 1) {
            throw new IllegalArgumentException("maxDeliveries and consumersPerSubscription must be >= 1, were "
                    + maxDeliveries + ", " + consumersPerSubscription);
        }
        this.maxDeliveries = maxDeliveries;
        this.redeliveryDelay = redeliveryDelay;
        this.consumersPerSubscription = consumersPerSubscription;
    }

    @Override
    public void publish(List<Envelope> messages) {
        for (Envelope message : messages) {
            Map<String, LinkedBlockingQueue<Delivery>> groups = groups(message.destination());
            if (groups.isEmpty()) {
                log.debug("event {} has no subscribed group; not kept", message);
            }
            for (LinkedBlockingQueue<Delivery> queue : groups.values()) {
                queue.add(new Delivery(message, 0));
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
        LinkedBlockingQueue<Delivery> queue = groups(destination).computeIfAbsent(group,
                g -> new LinkedBlockingQueue<>());
        Consumers consumers = new Consumers(destination, group, queue, handler);
        subscriptions.add(consumers);
        consumers.start();
        return () -> {
            consumers.close();
            subscriptions.remove(consumers);
        };
    }

    private Map<String, LinkedBlockingQueue<Delivery>> groups(Destination destination) {
        return queues.computeIfAbsent(destination, d -> {
            Map<String, LinkedBlockingQueue<Delivery>> groups = new ConcurrentHashMap<>();
            if (d.kind() != Destination.Kind.EVENTS) {
                groups.put(DEFAULT_GROUP, new LinkedBlockingQueue<>());
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
        LinkedBlockingQueue<Delivery> queue = groups(destination).get(group);
        return queue == null ? 0 : queue.size();
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

    private final class Consumers {
        private final Destination destination;
        private final String group;
        private final LinkedBlockingQueue<Delivery> queue;
        private final MessageHandler handler;
        private final AtomicBoolean open = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Consumers(Destination destination, String group, LinkedBlockingQueue<Delivery> queue, MessageHandler handler) {
            this.destination = destination;
            this.group = group;
            this.queue = queue;
            this.handler = handler;
        }

        void start() {
            for (int i = 0; i < consumersPerSubscription; i++) {
                threads.add(Thread.ofVirtual().name("sagaflow-consumer-" + destination + "-" + group + "-" + i)
                        .start(this::consume));
            }
        }

        private void consume() {
            while (open.get()) {
                Delivery delivery;
                try {
                    delivery = queue.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (delivery == null) {
                    continue;
                }
                if (!open.get()) {
                    queue.add(delivery);
                    return;
                }
                deliver(delivery);
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

        void close() {
            if (open.compareAndSet(true, false)) {
                for (Thread thread : threads) {
                    try {
                        thread.join(Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}

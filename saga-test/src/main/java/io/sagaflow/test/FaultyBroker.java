package io.sagaflow.test;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the environment's broker: applies the declared {@link MessageFault}s on publish, holds delayed and reordered
 * messages until the driver releases them, fails chosen first deliveries, and counts messages in flight so the driver
 * knows when everything has settled. Participants and every engine generation publish through it.
 */
final class FaultyBroker implements MessageBroker {
    private static final Logger log = LoggerFactory.getLogger(FaultyBroker.class);

    private final MessageBroker delegate;
    private final HarnessClock clock;
    private final RandomGenerator random;
    private final Consumer<SimulatedCrash> onCrash;
    private final List<MessageFault> faults = new CopyOnWriteArrayList<>();
    private final List<Envelope> published = new CopyOnWriteArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final Map<String, String> commandDirections = new ConcurrentHashMap<>();
    private final Map<Destination, Set<String>> groups = new ConcurrentHashMap<>();
    private final Set<String> failFirst = ConcurrentHashMap.newKeySet();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong activity = new AtomicLong();
    private final AtomicLong outboxInTransit = new AtomicLong();

    FaultyBroker(MessageBroker delegate, HarnessClock clock, RandomGenerator random, Consumer<SimulatedCrash> onCrash) {
        this.delegate = delegate;
        this.clock = clock;
        this.random = random;
        this.onCrash = onCrash;
    }

    void add(MessageFault fault) {
        faults.add(fault);
    }

    @Override
    public void publish(List<Envelope> messages) {
        activity.incrementAndGet();
        List<Envelope> out = new ArrayList<>();
        List<Envelope> reordered = new ArrayList<>();
        for (Envelope original : messages) {
            Envelope message = stampDirection(original);
            published.add(message);
            boolean deliver = true;
            boolean duplicate = false;
            for (MessageFault fault : faults) {
                if (!fault.messages().matches(message) || !fault.strike()) {
                    continue;
                }
                log.debug("harness: {} hits {}", fault, message);
                switch (fault.kind()) {
                    case DUPLICATE -> duplicate = true;
                    case DROP -> {
                        hold(new Held(message, null, false));
                        deliver = false;
                    }
                    case DELAY -> {
                        hold(new Held(message, clock.instant().plus(java.util.Objects.requireNonNull(
                                fault.delay())), false));
                        deliver = false;
                    }
                    case REORDER -> {
                        reordered.add(message);
                        deliver = false;
                    }
                    case FAIL_FIRST_DELIVERY -> failFirst.add(message.messageId());
                }
            }
            if (deliver) {
                out.add(message);
                out.addAll(releaseReorderedBehind(message.destination()));
            }
            if (duplicate) {
                // The seed decides whether the copy comes at once or only after the clock next moves on.
                if (random.nextBoolean()) {
                    out.add(message);
                } else {
                    hold(new Held(message, clock.instant().plusNanos(1), false));
                }
            }
        }
        reordered.forEach(m -> hold(new Held(m, null, true)));
        deliver(out);
    }

    private Envelope stampDirection(Envelope message) {
        if (message.kind() == MessageKind.COMMAND) {
            commandDirections.put(message.messageId(),
                    java.util.Objects.requireNonNullElse(message.header(Envelope.DIRECTION), "FORWARD"));
            return message;
        }
        if (Messages.isReply(message) && message.correlationId() != null
                && message.header(Envelope.DIRECTION) == null) {
            String direction = commandDirections.get(message.correlationId());
            if (direction != null) {
                return message.withHeaders(Map.of(Envelope.DIRECTION, direction));
            }
        }
        return message;
    }

    private synchronized void hold(Held message) {
        held.add(message);
    }

    private synchronized List<Envelope> releaseReorderedBehind(Destination destination) {
        List<Envelope> released = new ArrayList<>();
        held.removeIf(h -> {
            if (h.reorder() && h.envelope().destination().equals(destination)) {
                released.add(h.envelope());
                return true;
            }
            return false;
        });
        return released;
    }

    private void deliver(List<Envelope> messages) {
        if (messages.isEmpty()) {
            return;
        }
        for (Envelope message : messages) {
            Set<String> subscribed = groups.get(message.destination());
            if (subscribed != null) {
                inFlight.addAndGet(message.kind() == MessageKind.EVENT ? subscribed.size() : 1);
            }
        }
        delegate.publish(messages);
    }

    /** @return the earliest time a held message is due, or null when none waits for a time */
    synchronized @Nullable Instant nextRelease() {
        return held.stream().map(Held::releaseAt).filter(java.util.Objects::nonNull).min(Instant::compareTo)
                .orElse(null);
    }

    /** Delivers held messages whose time has come. */
    void releaseDue() {
        List<Envelope> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            held.removeIf(h -> {
                if (h.releaseAt() != null && !h.releaseAt().isAfter(now)) {
                    due.add(h.envelope());
                    return true;
                }
                return false;
            });
        }
        activity.incrementAndGet();
        deliver(due);
    }

    /** @return true if messages held for reordering were delivered because nothing came after them */
    boolean releaseReordered() {
        List<Envelope> due = new ArrayList<>();
        synchronized (this) {
            held.removeIf(h -> {
                if (h.reorder()) {
                    due.add(h.envelope());
                    return true;
                }
                return false;
            });
        }
        activity.incrementAndGet();
        deliver(due);
        return !due.isEmpty();
    }

    /** @return messages lost for good by a drop fault */
    synchronized List<Envelope> dropped() {
        return held.stream().filter(h -> h.releaseAt() == null && !h.reorder()).map(Held::envelope).toList();
    }

    @Override
    public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
        groups.computeIfAbsent(destination, d -> ConcurrentHashMap.newKeySet()).add(group);
        return delegate.subscribe(destination, group, envelope -> handle(handler, envelope, group));
    }

    private void handle(MessageHandler handler, Envelope envelope, String group) throws Exception {
        activity.incrementAndGet();
        if (failFirst.remove(envelope.messageId())) {
            throw new SagaHarnessException("simulated: the consumer in group '" + group + "' died before "
                    + "acknowledging " + envelope + "; the broker delivers it again");
        }
        try {
            handler.handle(envelope);
        } catch (MessageRejectedException e) {
            settled();
            throw e;
        } catch (SimulatedCrash crash) {
            onCrash.accept(crash);
            throw new SagaHarnessException("orchestrator crashed while handling " + envelope
                    + "; the broker delivers it again", crash);
        }
        settled();
    }

    private void settled() {
        inFlight.decrementAndGet();
        activity.incrementAndGet();
    }

    /** @return every message published, before faults, oldest first */
    List<Envelope> published() {
        return List.copyOf(published);
    }

    long inFlight() {
        return inFlight.get();
    }

    long activity() {
        return activity.get();
    }

    void touch() {
        activity.incrementAndGet();
    }

    /**
     * Counts messages a store write puts in the outbox, before the write (and back out if it fails), so that the
     * time between the relay taking them from the outbox and publishing them never looks quiet.
     */
    void outboxWritten(int messages) {
        outboxInTransit.addAndGet(messages);
        activity.incrementAndGet();
    }

    /** Publishes what an engine's outbox relay took from the outbox. */
    void publishRelayed(List<Envelope> messages) {
        publish(messages);
        outboxInTransit.addAndGet(-messages.size());
    }

    long outboxInTransit() {
        return outboxInTransit.get();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private record Held(Envelope envelope, @Nullable Instant releaseAt, boolean reorder) {
    }
}

package io.sagaflow.inmemory;

import io.sagaflow.spi.CommandWork;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.ParticipantInbox;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deduplicates commands in memory: the first delivery of a message id runs the work and records its reply; a
 * redelivery, even one that arrives while the first is still running, waits for it and sends the same reply again
 * instead of running the work twice. Keeps the last {@link #capacity()} message ids.
 *
 * <p>Thread-safe. Its records die with the process: participants that must not apply a command twice across restarts
 * use the JDBC inbox, which commits the record with the business change.
 *
 * @since 0.1
 */
public final class InMemoryParticipantInbox implements ParticipantInbox {
    /** Message ids remembered by default. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final MessageBroker broker;
    private final int capacity;
    private final Map<String, CompletableFuture<Envelope>> replies = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    /** @param broker where replies go */
    public InMemoryParticipantInbox(MessageBroker broker) {
        this(broker, DEFAULT_CAPACITY);
    }

    /**
     * @param broker where replies go
     * @param capacity how many message ids to remember
     */
    public InMemoryParticipantInbox(MessageBroker broker, int capacity) {
        this.broker = Objects.requireNonNull(broker, "broker");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** @return how many message ids are remembered */
    public int capacity() {
        return capacity;
    }

    @Override
    public void process(Envelope command, CommandWork work) throws Exception {
        CompletableFuture<Envelope> mine = new CompletableFuture<>();
        CompletableFuture<Envelope> first = replies.putIfAbsent(command.messageId(), mine);
        if (first != null) {
            Envelope reply;
            try {
                reply = first.get();
            } catch (ExecutionException e) {
                // The first delivery failed and recorded nothing: this one runs the work.
                replies.remove(command.messageId(), first);
                process(command, work);
                return;
            }
            broker.publish(List.of(reply));
            return;
        }
        Envelope reply;
        try {
            reply = work.execute(command);
        } catch (Exception | Error e) {
            replies.remove(command.messageId(), mine);
            mine.completeExceptionally(e);
            throw e;
        }
        mine.complete(reply);
        remember(command.messageId());
        broker.publish(List.of(reply));
    }

    private void remember(String messageId) {
        order.add(messageId);
        if (size.incrementAndGet() > capacity) {
            String eldest = order.poll();
            if (eldest != null) {
                replies.remove(eldest);
                size.decrementAndGet();
            }
        }
    }
}

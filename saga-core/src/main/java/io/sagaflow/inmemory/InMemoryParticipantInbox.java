package io.sagaflow.inmemory;

import io.sagaflow.spi.CommandWork;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.ParticipantInbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Deduplicates commands in memory: the first delivery of a message id runs the work and records its reply; a
 * redelivery, even one that arrives while the first is still running, waits for it and sends the same reply again
 * instead of running the work twice. A first delivery that fails records nothing, so the next one runs the work.
 * Keeps the last {@link #capacity()} message ids, forgetting the oldest finished ones first; ids whose work is
 * still running are never forgotten.
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
    /**
     * Message id to its reply, in the order first deliveries began, under {@link #lock}. One short critical section
     * per delivery (look up, insert, trim) is cheaper than a concurrent map with a separate eviction queue and
     * counter: the profile showed those at a fifth of a saga's CPU time.
     */
    private final LinkedHashMap<String, CompletableFuture<Envelope>> replies = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

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
        String messageId = command.messageId();
        while (true) {
            CompletableFuture<Envelope> mine = new CompletableFuture<>();
            CompletableFuture<Envelope> first = claim(messageId, mine);
            if (first == null) {
                runFirst(command, work, mine);
                return;
            }
            try {
                Envelope reply = first.get();
                broker.publish(List.of(reply));
                return;
            } catch (ExecutionException e) {
                // The first delivery failed and recorded nothing (it removed its claim before failing): claim again.
            }
        }
    }

    private void runFirst(Envelope command, CommandWork work, CompletableFuture<Envelope> mine) throws Exception {
        Envelope reply;
        try {
            reply = work.execute(command);
        } catch (Exception | Error e) {
            lock.lock();
            try {
                replies.remove(command.messageId(), mine);
            } finally {
                lock.unlock();
            }
            mine.completeExceptionally(e);
            throw e;
        }
        mine.complete(reply);
        broker.publish(List.of(reply));
    }

    /** @return the claim of an earlier delivery, or null when {@code mine} is now the claim */
    private CompletableFuture<Envelope> claim(String messageId, CompletableFuture<Envelope> mine) {
        lock.lock();
        try {
            CompletableFuture<Envelope> first = replies.putIfAbsent(messageId, mine);
            if (first == null) {
                forgetOldest();
            }
            return first;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets finished ids beyond the capacity, oldest first. An id whose work still runs is never forgotten: it
     * moves to the back instead, so a command that hangs does not stop the trimming of those that finished.
     */
    private void forgetOldest() {
        for (int looked = replies.size(); replies.size() > capacity && looked > 0; looked--) {
            Map.Entry<String, CompletableFuture<Envelope>> eldest = replies.pollFirstEntry();
            if (!eldest.getValue().isDone()) {
                replies.put(eldest.getKey(), eldest.getValue());
            }
        }
    }

    /** @return how many message ids are remembered now, running ones included */
    int size() {
        lock.lock();
        try {
            return replies.size();
        } finally {
            lock.unlock();
        }
    }
}

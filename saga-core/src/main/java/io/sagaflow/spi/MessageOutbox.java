package io.sagaflow.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Messages written atomically with state changes, waiting to be sent. A relay claims a batch, publishes it, and the
 * outbox marks the batch sent only if publishing returned normally. Several relays may share one outbox: a batch is
 * claimed by one relay at a time (JDBC: {@code FOR UPDATE SKIP LOCKED}).
 *
 * <p>Order: messages of one saga are relayed in the order they were written.
 *
 * @since 0.1
 */
public interface MessageOutbox {
    /**
     * Claims up to {@code maxBatch} unsent messages, hands them to the publisher, and marks them sent if it returns.
     *
     * @param maxBatch the largest batch
     * @param publisher sends the batch
     * @return how many messages were sent; 0 when the outbox was empty
     * @throws Exception what the publisher threw; the batch stays unsent
     */
    int relay(int maxBatch, OutboxPublisher publisher) throws Exception;

    /**
     * Waits until messages may be waiting, or the timeout passes. Returns at once if messages were written since the
     * last call; implementations wake on commit (in-process signal, PostgreSQL NOTIFY) rather than poll.
     *
     * @param timeout the longest wait
     * @throws InterruptedException if interrupted
     */
    void awaitMessages(Duration timeout) throws InterruptedException;

    /** @return how many messages are waiting to be sent */
    long pending();

    /**
     * Asks the outbox to publish each write's messages on the writing thread, right after the write, instead of
     * leaving them for the relay thread. Only an outbox whose relay does no I/O of its own can agree (the in-memory
     * outbox); the relay keeps running and sends whatever an inline publish failed to send.
     *
     * <p>The engine asks only when its broker {@linkplain MessageBroker#inProcess() is in-process}: then an inline
     * publish is a queue insert, and it saves a thread hand-off per message.
     *
     * @param publisher sends messages after a write; null turns inline publishing off again
     * @return true when the outbox publishes inline from now on (false, the default: it leaves every message to the
     *     relay, as a database outbox must)
     * @since 0.1
     */
    default boolean publishOnWrite(@Nullable OutboxPublisher publisher) {
        return false;
    }

    /**
     * Asks a durable outbox to hand each write's messages to this process's relays in memory once its transaction
     * has committed, instead of leaving the relays to claim them from storage in a transaction of their own. The
     * relays publish those first; they still claim from storage what was not handed over, what a failed publish
     * handed back, and what a process that died after its commit left, and a saga's messages still leave in the order
     * they were written.
     *
     * <p>The engine asks when it starts, if its broker is not {@linkplain MessageBroker#inProcess() in-process}
     * (then it asks for {@link #publishOnWrite} instead), and turns it off when it stops, after its relays. The JDBC
     * saga store's outbox agrees unless built not to.
     *
     * @param enabled true to hand over from now on; false to stop, handing what is still queued back to storage
     * @return true when the outbox hands over from now on (false, the default: relays claim every message)
     * @since 0.1
     */
    default boolean handOverOnCommit(boolean enabled) {
        return false;
    }
}

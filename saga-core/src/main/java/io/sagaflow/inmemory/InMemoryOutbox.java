package io.sagaflow.inmemory;

import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageOutbox;
import io.sagaflow.spi.OutboxPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbox in memory: messages in write order, one relay batch at a time, and a signal on every write so the relay
 * wakes at once.
 *
 * <p>With {@linkplain #publishOnWrite publishing on write} (the engine turns it on when its broker is in-process), the
 * writing thread publishes right after its append instead, and the relay thread is signalled only when such a publish
 * fails. Appenders combine: one that finds another thread relaying leaves its messages to that thread, which looks
 * at the queue again each time it lets go of the relay lock; so nothing waits for the relay thread's next poll, and
 * messages still leave in append order.
 *
 * @since 0.1
 */
public final class InMemoryOutbox implements MessageOutbox {
    private static final Logger log = LoggerFactory.getLogger(InMemoryOutbox.class);
    private static final int INLINE_BATCH = 256;

    /**
     * Lock-free: every save appends here and then looks whether anything is left, so a deque under one lock (as
     * {@code LinkedBlockingDeque} is, even for {@code isEmpty}) had the saving threads of both cores queue on it.
     * {@code addAll} links a batch in one step, so one saga's messages stay together and in order.
     */
    private final ConcurrentLinkedDeque<Envelope> messages = new ConcurrentLinkedDeque<>();
    private final ReentrantLock relayLock = new ReentrantLock();
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition written = signalLock.newCondition();
    /**
     * Relays waiting for a write, changed under the signal lock: only when there is one does a write take the lock to
     * wake it. A waiter counts itself before it looks at the queue and a writer reads the count after it added to the
     * queue, so either the waiter sees the message or the writer sees the waiter.
     */
    private volatile int waiters;
    private volatile @Nullable OutboxPublisher inline;

    /** Creates an empty outbox. */
    public InMemoryOutbox() {
        // nothing to set up
    }

    /** @param batch messages to append, in order */
    public void append(List<Envelope> batch) {
        if (batch.isEmpty()) {
            return;
        }
        messages.addAll(batch);
        OutboxPublisher publisher = inline;
        if (publisher != null && publishWaiting(publisher)) {
            return;
        }
        signal();
    }

    /** @return false when a publish failed and the relay thread must take over */
    private boolean publishWaiting(OutboxPublisher publisher) {
        try {
            while (!messages.isEmpty() && relayLock.tryLock()) {
                try {
                    relayBatch(INLINE_BATCH, publisher);
                } finally {
                    relayLock.unlock();
                }
            }
            return true;
        } catch (Exception e) {
            log.debug("in-memory outbox: publishing on write failed, leaving the messages to the relay: {}",
                    e.toString());
            return false;
        }
    }

    private void signal() {
        if (waiters == 0) {
            return;
        }
        signalLock.lock();
        try {
            written.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    @Override
    public int relay(int maxBatch, OutboxPublisher publisher) throws Exception {
        int sent;
        relayLock.lock();
        try {
            sent = relayBatch(maxBatch, publisher);
        } finally {
            relayLock.unlock();
        }
        // An appender that publishes on write may have found the lock taken while it was held here: take its
        // messages now, as the appender left them to this thread.
        OutboxPublisher onWrite = inline;
        if (onWrite != null && !messages.isEmpty() && !publishWaiting(onWrite)) {
            signal();
        }
        return sent;
    }

    /** Publishes one batch; the caller holds the relay lock. A failed batch goes back to the front, in order. */
    private int relayBatch(int maxBatch, OutboxPublisher publisher) throws Exception {
        Envelope first = messages.pollFirst();
        if (first == null) {
            return 0;
        }
        // Sized for one saga's messages, the usual batch when the saving thread publishes them itself; it grows
        // when the relay thread finds more (a 64-slot array for every save was 6% of the bytes allocated).
        List<Envelope> batch = new ArrayList<>(Math.min(maxBatch, 4));
        batch.add(first);
        for (Envelope next; batch.size() < maxBatch && (next = messages.pollFirst()) != null; ) {
            batch.add(next);
        }
        try {
            publisher.publish(batch);
        } catch (Exception e) {
            for (int i = batch.size() - 1; i >= 0; i--) {
                messages.addFirst(batch.get(i));
            }
            throw e;
        }
        return batch.size();
    }

    /**
     * @param publisher publishes on the appending thread from now on; null leaves every message to the relay again
     * @return true
     */
    @Override
    public boolean publishOnWrite(@Nullable OutboxPublisher publisher) {
        this.inline = publisher;
        return true;
    }

    @Override
    public void awaitMessages(Duration timeout) throws InterruptedException {
        signalLock.lock();
        try {
            waiters++;
            if (messages.isEmpty()) {
                written.awaitNanos(timeout.toNanos());
            }
        } finally {
            waiters--;
            signalLock.unlock();
        }
    }

    /** @return the messages waiting, counted one by one (the queue keeps no count, so that appends stay lock-free) */
    @Override
    public long pending() {
        return messages.size();
    }
}

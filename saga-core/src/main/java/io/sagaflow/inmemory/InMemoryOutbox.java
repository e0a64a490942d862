package io.sagaflow.inmemory;

import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageOutbox;
import io.sagaflow.spi.OutboxPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An outbox in memory: messages in write order, one relay batch at a time, and a signal on every write so the relay
 * wakes at once.
 *
 * @since 0.1
 */
public final class InMemoryOutbox implements MessageOutbox {
    private final LinkedBlockingDeque<Envelope> messages = new LinkedBlockingDeque<>();
    private final ReentrantLock relayLock = new ReentrantLock();
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition written = signalLock.newCondition();
    /**
     * Relays waiting for a write, changed under the signal lock: only when there is one does a write take the lock to
     * wake it. A waiter counts itself before it looks at the queue and a writer reads the count after it added to the
     * queue, so either the waiter sees the message or the writer sees the waiter.
     */
    private volatile int waiters;

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
        relayLock.lock();
        try {
            List<Envelope> batch = new ArrayList<>(Math.min(maxBatch, 64));
            messages.drainTo(batch, maxBatch);
            if (batch.isEmpty()) {
                return 0;
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
        } finally {
            relayLock.unlock();
        }
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

    @Override
    public long pending() {
        return messages.size();
    }
}

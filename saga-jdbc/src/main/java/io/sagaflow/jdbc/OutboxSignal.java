package io.sagaflow.jdbc;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A latch that remembers: {@link #signal()} after a commit that wrote outbox rows (or a PostgreSQL notification),
 * {@link #await(Duration)} in the relay, which returns at once if a signal came since its last return.
 */
final class OutboxSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean pending;

    void signal() {
        lock.lock();
        try {
            pending = true;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void await(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!pending && remaining > 0) {
                remaining = signalled.awaitNanos(remaining);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }
}

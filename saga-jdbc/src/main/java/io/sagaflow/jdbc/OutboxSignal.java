package io.sagaflow.jdbc;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A latch that remembers: {@link #signal()} after a commit that wrote outbox rows for the table's relays (or a
 * PostgreSQL notification), {@link #signalHandedOver()} after one that handed rows to this process's relays in memory;
 * {@link #await(Duration)} in the relay returns at once if a signal came since its last return, and says which.
 */
final class OutboxSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean forTable;
    private boolean handedOver;

    void signal() {
        wake(true);
    }

    void signalHandedOver() {
        wake(false);
    }

    private void wake(boolean table) {
        lock.lock();
        try {
            if (table) {
                forTable = true;
            } else {
                handedOver = true;
            }
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Why a wait ended. */
    enum Woken {
        /** {@link #signal()}: rows for the table's relays. */
        FOR_TABLE,
        /** Only {@link #signalHandedOver()}. */
        HANDED_OVER,
        /** No signal within the timeout. */
        TIMED_OUT
    }

    /** @return why the wait ended */
    Woken await(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (!forTable && !handedOver && remaining > 0) {
                remaining = signalled.awaitNanos(remaining);
            }
            Woken woken = forTable ? Woken.FOR_TABLE : handedOver ? Woken.HANDED_OVER : Woken.TIMED_OUT;
            forTable = false;
            handedOver = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }
}

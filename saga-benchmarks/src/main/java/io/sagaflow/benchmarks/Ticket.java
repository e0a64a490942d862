package io.sagaflow.benchmarks;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One order placed by a load driver: its number, when it was meant to start, and who to tell when its saga settles.
 * A fifth of the orders (those whose number is a multiple of five) are declined at payment and must compensate.
 */
final class Ticket {
    private final long orderNo;
    private final long intendedStartNanos;
    private final Sink sink;
    private final AtomicBoolean settled = new AtomicBoolean();

    Ticket(long orderNo, long intendedStartNanos, Sink sink) {
        this.orderNo = orderNo;
        this.intendedStartNanos = intendedStartNanos;
        this.sink = sink;
    }

    static boolean declined(long orderNo) {
        return orderNo % 5 == 0;
    }

    long orderNo() {
        return orderNo;
    }

    long intendedStartNanos() {
        return intendedStartNanos;
    }

    /** Tells the sink once; a second call (a duplicate settlement) is counted as an error. */
    void settled(boolean compensated) {
        long now = System.nanoTime();
        if (!settled.compareAndSet(false, true)) {
            sink.duplicate(this);
            return;
        }
        sink.settled(this, compensated, now - intendedStartNanos);
    }

    /** Receives settlements, on any thread. */
    interface Sink {
        void settled(Ticket ticket, boolean compensated, long latencyNanos);

        void duplicate(Ticket ticket);
    }
}

package io.sagaflow.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The machine's own latency floor: a thread that asks to sleep 100 µs, again and again, and records how late it
 * wakes. No saga code is involved, so whatever this shows at p99 no in-process hand-off can beat on this machine at
 * this time: it is what the other processes sharing the cores cost a thread that waits.
 */
final class NoiseFloor {
    private static final long SLEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private NoiseFloor() {
    }

    static Ceiling measure(Duration duration) {
        Histogram lateness = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        long end = System.nanoTime() + duration.toNanos();
        long count = 0;
        while (System.nanoTime() < end) {
            long before = System.nanoTime();
            LockSupport.parkNanos(SLEEP_NANOS);
            long late = System.nanoTime() - before - SLEEP_NANOS;
            lateness.recordValue(Math.max(0, Math.min(late, TimeUnit.SECONDS.toNanos(10))));
            count++;
        }
        return new Ceiling("Wake-up lateness of a thread parked for 100 µs (no saga code)",
                count / (double) duration.toSeconds(), lateness,
                "the machine's scheduling noise: how late a waiting thread runs again", Double.NaN);
    }
}

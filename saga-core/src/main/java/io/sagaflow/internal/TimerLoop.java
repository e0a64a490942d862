package io.sagaflow.internal;

import io.sagaflow.SagaId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the store for due timers at a fixed interval, so timers set by any engine (or by one that died) fire; and
 * fires timers this engine set that fall due before the next poll at their exact time.
 */
final class TimerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimerLoop.class);

    private final InstantSource clock;
    private final Duration pollInterval;
    private final IntSupplier poll;
    private final Consumer<SagaId> wake;
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    TimerLoop(InstantSource clock, Duration pollInterval, IntSupplier poll, Consumer<SagaId> wake) {
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.poll = poll;
        this.wake = wake;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sagaflow-timers").factory());
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Schedules a precise wake-up for a timer due before the next poll; later ones wait for the poll. */
    void hint(SagaId id, Instant wakeAt) {
        Duration delay = Duration.between(clock.instant(), wakeAt);
        if (delay.compareTo(pollInterval) < 0 && !scheduler.isShutdown()) {
            try {
                scheduler.schedule(() -> wakeSafely(id), Math.max(0, delay.toMillis()) + 1, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("timer loop closed; saga {} waits for the next poll of any engine", id);
            }
        }
    }

    private void pollSafely() {
        try {
            poll.getAsInt();
        } catch (RuntimeException e) {
            if (closed) {
                // Closing interrupts a poll in flight (e.g. while it waits for a pooled connection): not a failure.
                log.debug("timer poll interrupted by close: {}", e.toString());
                return;
            }
            log.warn("timer poll failed, trying again in {}: {}", pollInterval, e.toString());
        }
    }

    private void wakeSafely(SagaId id) {
        try {
            wake.accept(id);
        } catch (RuntimeException e) {
            log.warn("saga {}: timer failed, the next poll tries again: {}", id, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

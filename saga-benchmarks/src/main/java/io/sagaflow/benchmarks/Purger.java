package io.sagaflow.benchmarks;

import io.sagaflow.spi.SagaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Purges settled sagas older than a second, every second, as a deployment's retention job would: without it the
 * in-memory store keeps every finished saga and a throughput run measures the garbage collector.
 */
final class Purger implements AutoCloseable {
    private final SagaStore store;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bench-purger").factory());

    Purger(SagaStore store) {
        this.store = store;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(() -> store.purge(Instant.now().minus(Duration.ofSeconds(1))), 1, 1,
                TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

package io.sagaflow.reliability;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open-loop arrivals at a fixed rate (each saga is due at {@code start + k / rate}, whether or not earlier ones
 * have finished, so latency includes any queueing), and a sample every 10 s.
 */
final class SoakSampler {
    private static final Logger log = LoggerFactory.getLogger(SoakSampler.class);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    private final SagaEngine engine;
    private final SagaDefinition<Shop.Order> definition;
    private final AtomicLong nextOrder;
    private final ChaosChecks tables;
    private final ChaosChecks.Schemas schemas;
    private final Recorder latency = new Recorder(3);
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong failedStarts = new AtomicLong();

    SoakSampler(SagaEngine engine, SagaDefinition<Shop.Order> definition, AtomicLong nextOrder, DataSource db,
                ChaosChecks.Schemas schemas) {
        this.engine = engine;
        this.definition = definition;
        this.nextOrder = nextOrder;
        this.tables = new ChaosChecks(db, schemas);
        this.schemas = schemas;
    }

    SoakResult soak(double maxRate, double rate, Duration duration) throws SQLException, InterruptedException {
        List<SoakResult.Sample> samples = new ArrayList<>();
        Histogram total = new Histogram(3);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long arrivals = 0;
        long nextSample = start + SAMPLE_EVERY.toNanos();
        long settledBefore = 0;
        try (ExecutorService starters = Executors.newFixedThreadPool(4)) {
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                long due = (long) ((now - start) / 1e9 * rate);
                for (; arrivals < due; arrivals++) {
                    long intended = start + (long) (arrivals / rate * 1e9);
                    starters.execute(() -> startOne(intended));
                }
                if (now >= nextSample) {
                    Histogram interval = latency.getIntervalHistogram();
                    total.add(interval);
                    long settledNow = settled.get();
                    samples.add(sample((now - start) / 1e9, interval, (settledNow - settledBefore)
                            / (SAMPLE_EVERY.toNanos() / 1e9)));
                    settledBefore = settledNow;
                    nextSample += SAMPLE_EVERY.toNanos();
                    log.info("soak {}", samples.getLast());
                }
                Servers.pause(Duration.ofMillis(5));
            }
        }
        total.add(latency.getIntervalHistogram());
        return new SoakResult(maxRate, rate, duration, arrivals, settled.get(), failedStarts.get(), total, samples);
    }

    private void startOne(long intendedNanos) {
        try {
            Shop.Order order = Shop.order(nextOrder.getAndIncrement());
            SagaId id = engine.startSaga(definition, order, order.orderId());
            engine.whenSettled(id).whenComplete((saga, failure) -> {
                latency.recordValue(Math.max(0, (System.nanoTime() - intendedNanos) / 1_000_000));
                settled.incrementAndGet();
            });
        } catch (RuntimeException e) {
            failedStarts.incrementAndGet();
            log.warn("soak: starting a saga failed: {}", e.toString());
        }
    }

    private SoakResult.Sample sample(double seconds, Histogram interval, double throughput) throws SQLException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long inbox = 0;
        long participantOutbox = 0;
        for (String schema : List.of(schemas.inventory(), schemas.payment(), schemas.notification())) {
            inbox += tables.count("SELECT COUNT(*) FROM " + schema + ".sagaflow_inbox");
            participantOutbox += tables.count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox");
        }
        return new SoakResult.Sample(seconds, heap / (1024.0 * 1024.0), throughput,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(50),
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99), interval.getMaxValue(),
                tables.count("SELECT COUNT(*) FROM " + schemas.saga() + ".sagaflow_saga"),
                tables.count("SELECT COUNT(*) FROM " + schemas.saga() + ".sagaflow_outbox"), inbox,
                participantOutbox);
    }
}

package io.sagaflow.benchmarks;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * A raw infrastructure measurement the durable saga runs on.
 *
 * @param name what was measured
 * @param operationsPerSecond the rate
 * @param latency per-operation latency in nanoseconds, or null where only a rate is meaningful
 * @param note how it was measured
 */
record Ceiling(String name, double operationsPerSecond, @Nullable Histogram latency, String note) {
    double percentileMicros(double percentile) {
        return latency == null ? Double.NaN : latency.getValueAtPercentile(percentile) / 1_000.0;
    }
}

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
 * @param machineBusy the share of the machine's CPU time that was busy during the measurement (every process: the
 *     server, the benchmark's client, anything else running), or NaN where not measured
 */
record Ceiling(String name, double operationsPerSecond, @Nullable Histogram latency, String note, double machineBusy) {
    /** The cores this JVM may use: the machine's, on this suite's machines. */
    static final int CORES = Runtime.getRuntime().availableProcessors();

    double percentileMicros(double percentile) {
        return latency == null ? Double.NaN : latency.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** @return the machine's busy CPU time per operation, in µs (all cores, every process), or NaN */
    double machineMicrosPerOperation() {
        return machineBusy * CORES * 1e6 / operationsPerSecond;
    }
}

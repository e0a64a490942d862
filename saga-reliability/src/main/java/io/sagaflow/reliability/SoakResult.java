package io.sagaflow.reliability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a {@link SoakRun} measured: the rates, the latency over the whole run and a sample every 10 s.
 *
 * @param maxRate measured maximum throughput, sagas per second
 * @param rate the soak's arrival rate
 * @param duration the soak's length
 * @param started sagas started
 * @param settled sagas that ended during the soak
 * @param failedStarts starts that threw
 * @param latency start-to-end latency of every saga, ms, from its intended start
 * @param samples one per 10 s
 * @since 0.1
 */
record SoakResult(double maxRate, double rate, Duration duration, long started, long settled,
                         long failedStarts, Histogram latency, List<Sample> samples) {

    /**
     * One sample.
     *
     * @param seconds since the soak began
     * @param heapMb heap used right after a full GC, MiB
     * @param throughput sagas ended per second over the last 10 s
     * @param p50 latency p50 over the last 10 s, ms
     * @param p99 latency p99, ms
     * @param max latency max, ms
     * @param sagaRows rows in the saga table
     * @param outboxRows rows in the orchestrator's outbox
     * @param inboxRows rows in the three participants' inboxes
     * @param participantOutboxRows rows in the three participants' outboxes
     */
    public record Sample(double seconds, double heapMb, double throughput, long p50, long p99, long max,
                         long sagaRows, long outboxRows, long inboxRows, long participantOutboxRows) {
    }

    /** @return the figures and the samples as Markdown */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Measured maximum %.1f sagas/s; soaked at %.1f sagas/s for %d s: %d started,"
                + " %d ended, %d starts failed.%n%n", maxRate, rate, duration.toSeconds(), started, settled,
                failedStarts));
        out.append(String.format("Latency (intended start to end, all sagas): p50 %d ms, p90 %d ms, p99 %d ms,"
                + " p99.9 %d ms, max %d ms.%n%n", latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue()));
        out.append("![soak chart](images/soak.svg)\n\n");
        out.append("| t (s) | heap after GC (MiB) | sagas/s | p50 / p99 / max (ms) | saga rows | outbox rows |"
                + " inbox rows | participant outbox rows |\n|---|---|---|---|---|---|---|---|\n");
        for (Sample s : samples) {
            out.append(String.format("| %.0f | %.1f | %.1f | %d / %d / %d | %d | %d | %d | %d |%n", s.seconds(),
                    s.heapMb(), s.throughput(), s.p50(), s.p99(), s.max(), s.sagaRows(), s.outboxRows(),
                    s.inboxRows(), s.participantOutboxRows()));
        }
        return out.toString();
    }

    /** @return the samples as an SVG chart */
    public String chart() {
        double[] x = samples.stream().mapToDouble(Sample::seconds).toArray();
        Map<String, double[]> heap = Map.of("heap after GC (MiB)", values(Sample::heapMb));
        Map<String, double[]> throughput = Map.of("sagas/s", values(Sample::throughput));
        Map<String, double[]> latencies = new LinkedHashMap<>();
        latencies.put("p50 (ms)", values(s -> s.p50()));
        latencies.put("p99 (ms)", values(s -> s.p99()));
        Map<String, double[]> rows = new LinkedHashMap<>();
        rows.put("saga rows", values(s -> s.sagaRows()));
        rows.put("outbox rows", values(s -> s.outboxRows()));
        rows.put("inbox rows", values(s -> s.inboxRows()));
        rows.put("participant outbox", values(s -> s.participantOutboxRows()));
        return new SvgChart(String.format("Soak: %.1f sagas/s (half of the measured maximum), retention %d s",
                rate, SoakRun.RETENTION.toSeconds()), x).panel("Heap after GC", heap).panel("Throughput", throughput)
                .panel("Latency", latencies).panel("Table rows", rows).render();
    }

    private double[] values(java.util.function.ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).toArray();
    }
}

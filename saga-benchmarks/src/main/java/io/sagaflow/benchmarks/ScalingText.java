package io.sagaflow.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The report's scaling, profile and durable sections. */
final class ScalingText {
    private ScalingText() {
    }

    static void write(Report md, Charts charts, Results r) throws IOException {
        md.line("## In memory: how cost grows");
        md.line("");
        if (!r.inFlight.isEmpty()) {
            md.line("### Against sagas in flight");
            md.line("");
            md.line("Sagas are parked on participant `warehouse`, which has no consumer until released: each parked"
                    + " saga is a stored record AWAITING_REPLY plus its command queued in the in-memory broker. Heap"
                    + " is measured after `System.gc()` (MemoryMXBean) before and after parking. With them parked,"
                    + " the order workload runs closed-loop; then the warehouse starts and every parked saga"
                    + " completes (not timed above " + String.format("%,d", ScalingBench.MAX_RELEASED)
                    + " parked). The in-memory store keeps the last 10,000 ended sagas (its default) and forgets"
                    + " older ones as new ones end; a retention job also purges ended sagas older than 1 s, once a"
                    + " second. Both go through the queue of kept ended sagas, oldest first, not a scan of every saga.");
            md.line("");
            md.line("| In flight | Heap per saga in flight | Parking rate | Order sagas/s with them parked |"
                    + " CPU-µs per saga | p99 µs | Release: settled/s |");
            md.line("|---:|---:|---:|---:|---:|---:|---:|");
            List<Double> x = new ArrayList<>();
            List<Double> rate = new ArrayList<>();
            List<Double> heap = new ArrayList<>();
            for (ScalingBench.InFlight level : r.inFlight) {
                md.line(String.format("| %,d | %,.0f bytes | %,.0f/s | %,.0f | %.1f | %s | %s |",
                        level.inFlight(), level.heapBytesPerSaga(), level.parkPerSecond(),
                        level.throughput().sagasPerSecond(), level.throughput().cpuMicrosPerSaga(),
                        Report.micros(level.throughput().percentileMicros(99)),
                        Report.micros(level.releasePerSecond())));
                x.add((double) level.inFlight());
                rate.add(level.throughput().sagasPerSecond());
                heap.add(level.heapBytesPerSaga());
            }
            md.line("");
            charts.lines("in-flight-throughput.png", "Order sagas/s against sagas in flight", "sagas in flight",
                    "sagas/s", x, List.of(new Charts.Series("Sagaflow in memory", rate)), true);
            charts.lines("in-flight-heap.png", "Heap per saga in flight", "sagas in flight", "bytes", x,
                    List.of(new Charts.Series("Sagaflow in memory", heap),
                            new Charts.Series("target 2 KB", x.stream().map(v -> 2048.0).toList())), true);
            md.line("![throughput against sagas in flight](performance/in-flight-throughput.png)");
            md.line("![heap per saga in flight](performance/in-flight-heap.png)");
            md.line("");
        }
        if (!r.steps.isEmpty()) {
            md.line("### Against steps per saga");
            md.line("");
            md.line("A saga of N compensatable steps, each a command to participant `svc` whose reply updates the"
                    + " data; all succeed. Closed loop as above. Linear cost means CPU time per step stays flat."
                    + (r.stepRounds.size() < 2 ? "" : " The lengths are measured one after another in "
                    + r.stepRounds.size() + " rounds, and each row is that length's median round by CPU per step;"
                    + " the targets table compares the longest saga with the shortest within each round, at the same"
                    + " host speed, and gives the median of those ratios."));
            md.line("");
            md.line("| Steps | Sagas/s | Steps/s | CPU-µs per saga | CPU-µs per step | p50 µs | p99 µs |");
            md.line("|---:|---:|---:|---:|---:|---:|---:|");
            List<Double> x = new ArrayList<>();
            List<Double> stepsPerSecond = new ArrayList<>();
            for (ScalingBench.Steps s : r.steps) {
                md.line(String.format("| %d | %,.0f | %,.0f | %.1f | %.1f | %s | %s |", s.steps(),
                        s.result().sagasPerSecond(), s.stepsPerSecond(), s.result().cpuMicrosPerSaga(),
                        s.cpuMicrosPerStep(), Report.micros(s.result().percentileMicros(50)),
                        Report.micros(s.result().percentileMicros(99))));
                x.add((double) s.steps());
                stepsPerSecond.add(s.cpuMicrosPerStep());
            }
            md.line("");
            charts.lines("steps.png", "CPU time per step against steps per saga", "steps per saga",
                    "CPU-µs per step", x, List.of(new Charts.Series("Sagaflow in memory", stepsPerSecond)), false);
            md.line("![CPU per step against steps per saga](performance/steps.png)");
            md.line("");
        }
    }

    static void profile(Report md, HotSpots.@Nullable Profile profile) {
        if (profile == null) {
            return;
        }
        md.line("## Profile: where Sagaflow's time goes");
        md.line("");
        md.line(String.format("JDK Flight Recorder execution samples (every 5 ms per running thread, the same"
                + " event as `-XX:StartFlightRecording`) over one"
                + " closed-loop Sagaflow run: %,d samples. The recording is kept as `docs/performance/%s`"
                + " (not committed); read it with `jfr print --events jdk.ExecutionSample` or `jfr summary`.",
                profile.samples(), profile.recording().getFileName()));
        md.line("");
        md.line("By area (each sample counted once, in the area of the frame nearest the top of its stack that"
                + " belongs to one):");
        md.line("");
        Report.table(md, profile.areas());
        md.line("Methods on top of the stack (attribution inside JIT-compiled, inlined code is approximate: a"
                + " short loop such as `SagaId.isUuidShaped` can collect samples that belong to its neighbours):");
        md.line("");
        Report.table(md, profile.selfTop());
        md.line("Sagaflow methods, samples anywhere under them:");
        md.line("");
        Report.table(md, profile.sagaflowInclusive());
    }
}

package io.sagaflow.benchmarks;

import java.util.Map;

/** The report's "what bounds the targets" section: the evidence for each target missed or met. */
final class BoundsText {
    private BoundsText() {
    }

    static void write(Report md, Results r) {
        LoadDriver.Result sagaflow = Results.median(r.sagaflowRounds);
        LoadDriver.Result axon = Results.median(r.axonRounds);
        String axonVerdict = axon.cpuMicrosPerSaga() > sagaflow.cpuMicrosPerSaga()
                ? String.format("and still costs more CPU per saga here (%.1f µs)", axon.cpuMicrosPerSaga())
                : String.format("and costs less CPU per saga here (%.1f µs)", axon.cpuMicrosPerSaga());
        md.line("## What bounds the targets");
        md.line("");
        md.line(String.format("**Rate.** 100,000 sagas/s on 2 cores means at most 20 CPU-µs per saga; the median"
                + " round measured %.1f. Per order saga the in-memory engine does 3 store writes (each encoding the"
                + " saga data to JSON, unless it did not change, and building the record's history list once),"
                + " 2 loads (which reuse the data object the engine stored instead of decoding it, the saga data being"
                + " an immutable record), 5 to 6 messages (each encoded to JSON, given an id, queued and handed to"
                + " another thread; decoding returns the value the sender encoded when the receiver gets the very"
                + " same byte array, as in memory), and 5 to 6 deduplication records in the participant inbox. Axon's"
                + " in-memory setup does none of the encoding and none of the hand-offs (the whole saga runs on the"
                + " publishing thread), %s. Where the Sagaflow CPU goes, from the profile:",
                sagaflow.cpuMicrosPerSaga(), axonVerdict));
        md.line("");
        if (r.profile != null) {
            for (Map.Entry<String, Double> area : r.profile.areas().entrySet()) {
                md.line(String.format("- %.0f%% %s", area.getValue(), area.getKey()));
            }
            md.line("");
        }
        md.line("Made so far against the first profile (45 CPU-µs per saga, 35% JSON, 20% inbox, 9% SecureRandom):"
                + " ids from a per-process random prefix and a scrambled counter instead of SecureRandom per id"
                + " (`UniqueIds`); no decoding of saga data the engine itself stored, and no parsing of a message"
                + " the same JVM encoded (immutable records only, by array identity); a participant inbox of one map"
                + " under one lock instead of a concurrent map, a queue and a counter; a retention purge that visits"
                + " only what it deletes; the history handed from record to record without copies; destination"
                + " names checked without a regex. What remains above 20 µs is spread over the areas listed: JSON"
                + " encoding (every message and every changed saga data is still written as JSON), the inbox's and"
                + " the store's maps (each a cache miss on a large table), and the thread hand-offs.");
        md.line("");
        if (r.noiseFloor != null) {
            md.line(String.format("**p99 latency.** In this run a thread parked for 100 µs, with no saga code"
                    + " running, woke %s µs late at p99, %s µs at p99.9 and %s µs at worst: the other processes on"
                    + " the two cores take them for that long. A saga crosses six thread hand-offs (driver, relay,"
                    + " participant consumer, orchestrator consumer, per step) and each can hit such a stall; while"
                    + " the process is starved, arrivals queue, so the open-loop p99 is a multiple of the stall."
                    + " Axon, with no hand-offs, misses 1 ms too (its open-loop p99 above). The p99 target cannot be"
                    + " judged on this shared machine; the open-loop p50 (%s µs) is the figure to hold against 1 ms.",
                    Report.micros(r.noiseFloor.percentileMicros(99)),
                    Report.micros(r.noiseFloor.percentileMicros(99.9)),
                    Report.micros(r.noiseFloor.latency() == null ? Double.NaN
                            : r.noiseFloor.latency().getMaxValue() / 1_000.0),
                    r.sagaflowOpen == null ? "–" : Report.micros(r.sagaflowOpen.percentileMicros(50))));
            md.line("");
        }
        if (r.steps.size() > 1) {
            ScalingBench.Steps first = r.steps.get(0);
            ScalingBench.Steps last = r.steps.get(r.steps.size() - 1);
            double growth = last.cpuMicrosPerStep() / first.cpuMicrosPerStep();
            md.line(String.format("**Steps.** CPU per step went from %.1f µs (%d steps) to %.1f µs (%d steps), %.2f×."
                    + " A saga's fixed costs (start, completion, settlement) are spread over more steps as it grows;"
                    + " against that, every write builds the saga's whole history (three entries per step) into a"
                    + " new immutable list once (a load no longer copies it back), which is O(steps so far) per"
                    + " step. %s",
                    first.cpuMicrosPerStep(), first.steps(), last.cpuMicrosPerStep(), last.steps(), growth,
                    growth < 1.3 ? "Up to " + last.steps() + " steps the copying does not show: cost is linear."
                            : "At " + last.steps() + " steps the copying shows: an append-only history would fix it."));
            md.line("");
        }
        if (r.inFlight.size() > 1) {
            StringBuilder levels = new StringBuilder();
            for (ScalingBench.InFlight level : r.inFlight) {
                levels.append(String.format("%s%,d: %.1f µs", levels.isEmpty() ? "" : "; ", level.inFlight(),
                        level.throughput().cpuMicrosPerSaga()));
            }
            md.line("**Sagas in flight.** CPU per order saga with N sagas parked (" + levels + "). The in-memory"
                    + " store is a hash map, so a saga's transitions do not depend on how many others wait, and the"
                    + " retention purge visits only the settled sagas it deletes (an index by last update), not every"
                    + " stored saga; what still grows with N is the garbage collector's work with a live set of about"
                    + " a kilobyte per parked saga (1 GB at 10^6) and the cache misses of larger tables. Heap per"
                    + " parked saga is its record (history, JSON data, ids) plus its command queued in the in-memory"
                    + " broker.");
        }
        md.line("");
    }
}

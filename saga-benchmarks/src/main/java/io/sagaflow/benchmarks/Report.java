package io.sagaflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes {@code performance.md} and its charts from a run's {@link Results}. */
final class Report {
    static final String COMMAND = "mvn -q -pl saga-benchmarks -am verify -DskipTests -Pbenchmark";
    private static final double TARGET_RATE = 100_000;
    private static final double TARGET_RATIO = 10;
    static final double TARGET_P99_MICROS = 1_000;
    private static final double TARGET_HEAP_BYTES = 2_048;

    static final String RESULT_HEADER = "| System | Mode | Sagas/s | CPU-µs per saga | Bytes allocated per saga"
            + " | Compensated | p50 µs | p99 µs | p99.9 µs |";
    static final String RESULT_RULE = "|---|---|---:|---:|---:|---:|---:|---:|---:|";

    private final Results r;
    private final Sizes sizes;
    private final Path docs;
    private final StringBuilder md = new StringBuilder();

    Report(Results results, Sizes sizes, Path docs) {
        this.r = results;
        this.sizes = sizes;
        this.docs = docs;
    }

    Path write() throws IOException {
        Charts charts = new Charts(docs.resolve("performance"));
        LoadDriver.Result sagaflow = Results.median(r.sagaflowRounds);
        LoadDriver.Result axon = Results.median(r.axonRounds);
        double ratio = median(r.ratios());
        double cpuRatio = median(r.cpuRatios());
        header();
        targets(sagaflow, ratio, cpuRatio);
        comparison(charts, sagaflow, axon, ratio, cpuRatio);
        scaling(charts);
        profile();
        durable();
        BoundsText.write(this, r);
        Path file = docs.resolve("performance.md");
        Files.writeString(file, md.toString());
        return file;
    }

    private void header() {
        line("# Performance");
        line("");
        line("Measured by the `saga-benchmarks` module on " + ZonedDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")) + ". Reproduce from the project root with");
        line("");
        line("```shell");
        line("# runs in its own JVM (its options: the machine table below); -Dbenchmark.args=--no-million leaves out"
                + " 10^6 sagas in flight");
        line(COMMAND);
        line("```");
        line("");
        line("It runs for about seven minutes and rewrites this page and `docs/performance/*.png`. The CI"
                + " runs the same scenarios with tiny sizes (`BenchmarkSuiteTest`) for correctness only: benchmarks assert no"
                + " timings.");
        line("");
        // Read when the suite started (Environment), not now: by now the durable section has loaded the machine.
        double load = Double.parseDouble(r.environment.getOrDefault(Environment.LOAD_AT_START, "NaN"));
        line(String.format("> **Caveat.** The load average was %.2f when this run started on its 2 cores%s, and"
                + " PostgreSQL, RabbitMQ and the benchmark's own JVM share those cores throughout, so absolute"
                + " figures are noisy. Every comparison below is a ratio of two systems measured in the same JVM, in"
                + " alternating rounds, on the same machine at the same time; trust the ratios more than the"
                + " absolute rates. CPU-µs per saga (the JVM's CPU time over the sagas settled) depends less on the"
                + " share of the cores a run got than the rate does.%s", load,
                load >= 1.0 ? " (other processes were busy on the machine)" : "", speedSpread(r.sagaflowRounds)));
        line("");
        line("## Machine and versions");
        line("");
        line("| | |");
        line("|---|---|");
        r.environment.forEach((k, v) -> line("| " + k + " | " + v + " |"));
        line("");
    }

    private void targets(LoadDriver.Result sagaflow, double ratio, double cpuRatio) {
        double idleRate = 2e6 / sagaflow.cpuMicrosPerSaga();
        LoadDriver.@Nullable Result direct = r.directMedian();
        line("## Targets");
        line("");
        line("Where two figures are given, the first is the in-memory broker's default, queued dispatch, the second"
                + " its direct dispatch (`InMemoryMessageBroker.Dispatch.DIRECT`: `startSaga` runs the saga on the"
                + " calling thread and what a handler publishes is handled on its thread, the way Axon's subscribing"
                + " processors run); \"met\" is for the default.");
        line("");
        line("| Target (2 cores) | Measured | Met | What bounds it |");
        line("|---|---|---|---|");
        // Met only by the measured rate; the CPU per saga says what 2 idle cores would carry, not what they did.
        row("In-memory ≥ 100,000 sagas/s, 3-step saga", String.format("%s sagas/s measured; %.1f CPU-µs per saga,"
                + " i.e. at most %s sagas/s on 2 idle cores%s", fmt(sagaflow.sagasPerSecond()),
                sagaflow.cpuMicrosPerSaga(), fmt(idleRate), direct == null ? "" : String.format("; direct: %s"
                        + " sagas/s, %.1f CPU-µs per saga", fmt(direct.sagasPerSecond()), direct.cpuMicrosPerSaga())),
                sagaflow.sagasPerSecond() >= TARGET_RATE,
                sagaflow.sagasPerSecond() < TARGET_RATE && idleRate >= TARGET_RATE
                        ? "the share of the 2 cores the run got: its CPU per saga is within the 20 µs that 100,000/s"
                        + " allows, but other processes took part of the machine; see the caveat"
                        : "CPU per saga (target: ≤ 20 µs): JSON encoding, the store's maps, hand-offs, GC; see the"
                        + " profile");
        // The CPU per saga that 10× Axon's allows, from the median Axon round.
        double tenfoldBudget = Results.median(r.axonRounds).cpuMicrosPerSaga() / TARGET_RATIO;
        row("≥ 10× Axon 4.13, same run", String.format("%.2f× the rate; %.2f× less CPU per saga%s", ratio, cpuRatio,
                direct == null ? "" : String.format("; direct: %.2f× the rate, %.2f× less CPU",
                        median(r.ratios(r.directRounds)), median(r.cpuRatios(r.directRounds)))),
                ratio >= TARGET_RATIO && cpuRatio >= TARGET_RATIO,
                "Axon runs a saga on the caller's thread, without queues, serialization or durable-style records;"
                        + " direct dispatch runs Sagaflow's that way too and takes the queues away, not the JSON and the"
                        + " records (see \"Direct dispatch\" below)" + (r.inMemoryFloors == null ? "" : String.format(
                        "; a bare hand-off and the JSON, measured alone, come to %.1f of the %.1f CPU-µs a saga that"
                        + " 10× allows%s (see \"Floors without the engine\")", r.inMemoryFloors.perSaga(),
                        tenfoldBudget, r.inMemoryFloors.perSaga() < tenfoldBudget
                        ? ": the rest is the engine's own work" : ": more than all of it")));
        if (r.sagaflowOpen != null) {
            row("p99 < 1 ms at half the maximum rate (open loop)", String.format("p99 %.0f µs at %s/s%s",
                    r.sagaflowOpen.percentileMicros(99), fmt(r.sagaflowOpen.arrivalsPerSecond()),
                    r.directOpen == null ? "" : String.format("; direct: p99 %.0f µs at %s/s",
                            r.directOpen.percentileMicros(99), fmt(r.directOpen.arrivalsPerSecond()))),
                    r.sagaflowOpen.percentileMicros(99) < TARGET_P99_MICROS,
                    r.sagaflowOpen.fellBehind() ? fellBehind(r.sagaflowOpen, Results.median(r.sagaflowRounds))
                    : r.noiseFloor == null ? "the engine's thread hand-offs" : String.format("GC pauses: %d in the"
                            + " window, %d ms in all, the longest %d ms; the machine: a parked thread woke %s µs"
                            + " late at p99, with no saga code", r.sagaflowOpen.gc().pauses(),
                            r.sagaflowOpen.gc().totalMillis(), r.sagaflowOpen.gc().longestMillis(),
                            micros(r.noiseFloor.percentileMicros(99))));
        }
        if (r.durable != null) {
            LoadDriver.Result closed = r.durable.closed();
            LoadDriver.Result open = r.durable.open();
            row("Durable (PostgreSQL + RabbitMQ) ≥ 2,000 sagas/s, p99 < 50 ms at half that rate",
                    String.format("%s sagas/s; p99 %s µs at %s/s", fmt(closed.sagasPerSecond()),
                            micros(open.percentileMicros(99)), fmt(closed.sagasPerSecond() / 2)),
                    closed.sagasPerSecond() >= 2_000 && open.percentileMicros(99) < 50_000,
                    Double.isNaN(r.durable.machineBusy()) ? "see \"Durable\" below"
                            : String.format("the machine's CPU: its 2 cores were %.0f%% busy in the closed loop,"
                            + " shared by the JVM, PostgreSQL and RabbitMQ; see \"Durable\" below",
                            100 * r.durable.machineBusy()));
        }
        if (!r.steps.isEmpty()) {
            ScalingBench.Steps first = r.steps.get(0);
            ScalingBench.Steps last = r.steps.get(r.steps.size() - 1);
            List<Double> spreads = r.stepSpreads();
            double spread = spreads.isEmpty() ? last.cpuMicrosPerStep() / first.cpuMicrosPerStep() : median(spreads);
            row("Cost linear in steps", String.format("CPU-µs per step: %.1f at %d steps, %.1f at %d steps; %.2f×%s",
                    first.cpuMicrosPerStep(), first.steps(), last.cpuMicrosPerStep(), last.steps(), spread,
                    spreads.size() < 2 ? "" : " (median of the per-round ratios: " + spreads.stream()
                            .map(x -> String.format("%.2f×", x)).collect(java.util.stream.Collectors.joining(", "))
                            + ")"),
                    spread < 1.3, "a step's own work; each save still copies the saga's history list once");
        }
        if (r.inFlight.size() > 1) {
            ScalingBench.InFlight low = r.inFlight.get(0);
            ScalingBench.InFlight high = r.inFlight.get(r.inFlight.size() - 1);
            double flat = high.throughput().cpuMicrosPerSaga() / low.throughput().cpuMicrosPerSaga();
            double heap = high.heapBytesPerSaga();
            row("Cost flat in sagas in flight", String.format("CPU-µs per saga: %.1f with %s in flight, %.1f with"
                    + " %s (%.2f×)", low.throughput().cpuMicrosPerSaga(), fmt(low.inFlight()),
                    high.throughput().cpuMicrosPerSaga(), fmt(high.inFlight()), flat), flat < 1.3,
                    "hash-map store, ended sagas forgotten oldest first from a queue; GC with a larger live set");
            row("≤ 2 KB heap per saga in flight", String.format("%,.0f bytes", heap), heap <= TARGET_HEAP_BYTES,
                    "saga record + history + encoded data + the queued command envelope");
        }
        line("");
    }

    private void comparison(Charts charts, LoadDriver.Result sagaflow, LoadDriver.Result axon, double ratio,
                            double cpuRatio) throws IOException {
        line("## In memory: Sagaflow against Axon Framework 4.13");
        line("");
        line("The same order placement on both: reserve inventory, charge payment, send a confirmation; every fifth"
                + " order is declined at payment and its inventory released. Sagaflow: a `SagaDefinition` with"
                + " reserve-inventory (compensatable, released at participant `inventory`), charge-payment (pivot, at"
                + " `payment`) and send-confirmation (retriable publish), on the in-memory broker and store with"
                + " the Jackson codec. Axon: a saga class with `@StartSaga`/`@SagaEventHandler`/`@EndSaga` and a"
                + " hand-written `ReleaseInventory` compensation, `InMemorySagaStore`, a subscribing event processor"
                + " on `SimpleEventBus`, `SimpleCommandBus`, command handlers that publish events.");
        line("");
        line("How one order travels in each (threads as lanes; every arrow between Sagaflow lanes is a queue and a"
                + " thread hand-off, every Sagaflow message is JSON):");
        line("");
        line("```mermaid");
        line("sequenceDiagram");
        line("    participant D as driver thread");
        line("    participant E as Sagaflow engine (store, reply consumers)");
        line("    participant P as participants (inventory, payment)");
        line("    D->>P: startSaga: create record; the driver publishes ReserveStock");
        line("    P->>E: StockReserved reply");
        line("    E->>P: load, apply, save; the reply consumer publishes ChargePayment");
        line("    P->>E: PaymentCharged (or declined: ReleaseStock, StockReleased)");
        line("    E->>E: save COMPLETED, publish OrderConfirmed");
        line("    Note over D,P: Axon: the driver thread publishes OrderPlaced and runs the saga, every command"
                + " handler and every event handler itself, with no queue and no serialization");
        line("    Note over D,P: Sagaflow with direct dispatch: every arrow runs on the driver thread inside startSaga,"
                + " with no queue; the messages are still JSON");
        line("```");
        line("");
        line(String.format("Closed loop: %d sagas in flight for Sagaflow (2 driver threads); for Axon, which completes"
                + " a saga on the thread that publishes `OrderPlaced`, and for Sagaflow with direct dispatch, which"
                + " completes it inside `startSaga`, %d driver threads, so all have a similar"
                + " number of runnable threads competing for the shared cores. The drivers of every system are"
                + " virtual threads, as a service's request threads are with Spring Boot's"
                + " `spring.threads.virtual.enabled`: a driver that waits for a saga to settle on another thread then"
                + " costs no call into the kernel (on platform threads those waits had cost queued Sagaflow 2 to 4"
                + " CPU-µs a saga and Axon nothing, by hand on this host). %d alternating rounds of %d s after"
                + " %d s of warm-up each, after one more round of both, with a 3× longer warm-up, that is not"
                + " counted (JIT warm-up); the median round by rate is shown, and the ratios are medians of the"
                + " per-round ratios. Latency is from start to settled. CPU-µs per"
                + " saga is the JVM's process CPU time (all threads, GC and JIT included) during the window over the"
                + " sagas settled: unlike the rate, it does not depend on the share of the cores the run got. Bytes"
                + " allocated per saga are the heap bytes all the JVM's threads allocated during the window (HotSpot's"
                + " per-thread counters) over the sagas settled: they do not depend on the speed of the cores either,"
                + " and they decide how often the garbage collector pauses at a given rate.",
                sizes.inFlight(), BenchmarkSuite.AXON_DRIVERS, sizes.rounds(), sizes.measure().toSeconds(),
                sizes.warmup().toSeconds()));
        line("");
        line(RESULT_HEADER);
        line(RESULT_RULE);
        LoadDriver.@Nullable Result direct = r.directMedian();
        resultRow(sagaflow);
        if (direct != null) {
            resultRow(direct);
        }
        resultRow(axon);
        if (r.sagaflowOpen != null && r.axonOpen != null) {
            resultRow(r.sagaflowOpen);
            if (r.directOpen != null) {
                resultRow(r.directOpen);
            }
            resultRow(r.axonOpen);
        }
        line("");
        line(String.format("**Ratio Sagaflow / Axon: %.2f× the rate** (per round: %s); **%.2f× less CPU per saga**"
                + " (per round: %s).", ratio, times(r.ratios()), cpuRatio, times(r.cpuRatios())));
        line("");
        String allocation = allocation(sagaflow, direct, axon);
        if (!allocation.isEmpty()) {
            line(allocation);
            line("");
        }
        if (direct != null) {
            line(String.format("**With direct dispatch: %.2f× the rate** (per round: %s); **%.2f× less CPU per saga**"
                    + " (per round: %s). The same engine, store, codec and participants; only the in-memory broker"
                    + " differs: a message that a handler publishes (a reply, the next command, the confirmation"
                    + " event) is handled on that handler's thread once it returns, instead of being queued for a"
                    + " consumer thread, and `startSaga` handles the first command on the driver thread once the"
                    + " saga is stored, so no message crosses threads. Failures are still redelivered through the"
                    + " queue and dead-lettered, and"
                    + " every compensation test of the engine passes on it too (`DirectDispatchCompensationTest`).",
                    median(r.ratios(r.directRounds)), times(r.ratios(r.directRounds)),
                    median(r.cpuRatios(r.directRounds)), times(r.cpuRatios(r.directRounds))));
            line("");
        }
        if (r.noiseFloor != null) {
            Ceiling floor = r.noiseFloor;
            line(String.format("The machine's own latency floor in the same run: a thread parked for 100 µs woke"
                    + " late by %s µs at p50, **%s µs at p99** and %s µs at p99.9 (no saga code involved). A saga"
                    + " crosses at least five such thread hand-offs (driver → participant consumer → orchestrator"
                    + " consumer → participant consumer → orchestrator consumer), so no saga's p99 on this machine"
                    + " at this time can be below that floor.", micros(floor.percentileMicros(50)),
                    micros(floor.percentileMicros(99)),
                    micros(floor.percentileMicros(99.9))));
            line("");
        }
        line("Open loop: orders arrive at a fixed rate (half of each system's own closed-loop median) whatever the"
                + " system does; each latency is measured from the order's intended start time, so a stall is"
                + " charged to every order that should have started during it (no coordinated omission). The"
                + " arrivals are timed by 2 threads for Sagaflow (as many as its closed loop's drivers) and "
                + BenchmarkSuite.AXON_DRIVERS + " for Axon and for Sagaflow with direct dispatch. Each system's"
                + " window at half its rate is " + sizes.openMeasure().toSeconds() + " s long, "
                + sizes.openMeasure().dividedBy(sizes.measure()) + " closed-loop windows: a young collection comes every few seconds at these rates, and a p99 over a shorter"
                + " window depends mostly on whether one fell into it.");
        line("");
        List<LoadDriver.Result> bars = direct == null ? List.of(sagaflow, axon) : List.of(sagaflow, direct, axon);
        List<String> names = direct == null ? List.of("Sagaflow", "Axon 4.13")
                : List.of("Sagaflow (queued)", "Sagaflow (direct)", "Axon 4.13");
        charts.bars("throughput.png", "Order sagas per second (closed loop, median round)", "sagas/s", names,
                List.of(new Charts.Series("sagas/s", bars.stream().map(LoadDriver.Result::sagasPerSecond).toList())),
                false);
        charts.bars("cpu-per-saga.png", "CPU time per order saga (closed loop, median round)", "CPU-µs per saga",
                names, List.of(new Charts.Series("CPU-µs per saga",
                        bars.stream().map(LoadDriver.Result::cpuMicrosPerSaga).toList())), false);
        line("![throughput](performance/throughput.png)");
        line("![CPU per saga](performance/cpu-per-saga.png)");
        line("");
        if (r.sagaflowOpen != null && !r.sagaflowSweep.isEmpty()) {
            sweep(charts, sagaflow);
        }
        if (r.sagaflowOpen != null && r.axonOpen != null) {
            List<Charts.Series> series = new ArrayList<>();
            List<LoadDriver.Result> open = r.directOpen == null ? List.of(r.sagaflowOpen, r.axonOpen)
                    : List.of(r.sagaflowOpen, r.directOpen, r.axonOpen);
            for (LoadDriver.Result result : open) {
                series.add(new Charts.Series(result.system(), List.of(result.percentileMicros(50),
                        result.percentileMicros(99), result.percentileMicros(99.9))));
            }
            charts.bars("latency.png", "Latency at half the maximum rate (open loop)", "µs (log)",
                    List.of("p50", "p99", "p99.9"), series, true);
            line("![latency](performance/latency.png)");
            line("");
        }
    }

    /** What bounds an open loop that fell behind, for the targets table. */
    private String fellBehind(LoadDriver.Result open, LoadDriver.Result closed) {
        String cost = BoundsText.keptUpCost(r.highestKeptUp(), closed, open.arrivalsPerSecond());
        return String.format("the open loop's own cost: offered %s/s, it settled %s/s and its backlog grew (and the"
                + " collector's pauses with it)%s", fmt(open.arrivalsPerSecond()), fmt(open.sagasPerSecond()),
                cost.isEmpty() ? "" : ". " + cost);
    }

    /** Sagaflow's open loop from a small share of its closed-loop rate up to half of it. */
    private void sweep(Charts charts, LoadDriver.Result closed) throws IOException {
        List<LoadDriver.Result> runs = new ArrayList<>(r.sagaflowSweep);
        runs.add(java.util.Objects.requireNonNull(r.sagaflowOpen));
        line("Sagaflow's open loop at lower arrival rates too: the same system, one window after another from the"
                + " lowest rate up, half the closed-loop rate last:");
        line("");
        line("| Arrival rate | Share of the closed-loop rate | CPU-µs per saga | Cores busy | GC pauses in the window"
                + " | p50 µs | p99 µs | p99.9 µs |");
        line("|---:|---:|---:|---:|---|---:|---:|---:|");
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (LoadDriver.Result run : runs) {
            GcPauses.Summary gc = run.gc();
            line(String.format("| %s/s%s | %.0f%% | %.1f | %.2f | %d (%d ms in all) | %s | %s | %s |",
                    fmt(run.arrivalsPerSecond()), run.fellBehind() ? String.format(" (fell behind: %s/s settled)",
                            fmt(run.sagasPerSecond())) : "", 100 * run.arrivalsPerSecond() / closed.sagasPerSecond(),
                    run.cpuMicrosPerSaga(), run.cpuMicrosPerSaga() * run.sagasPerSecond() / 1e6, gc.pauses(),
                    gc.totalMillis(), micros(run.percentileMicros(50)), micros(run.percentileMicros(99)),
                    micros(run.percentileMicros(99.9))));
            String rate = fmt(run.arrivalsPerSecond()) + "/s";
            if (run.percentileMicros(99) < TARGET_P99_MICROS) {
                met.add(rate);
            } else {
                missed.add(rate + (gc.pauses() == 0 ? " with no collection in its window"
                        : String.format(" with %d young collection%s (%d ms) in its window", gc.pauses(),
                        gc.pauses() == 1 ? "" : "s", gc.totalMillis())));
            }
        }
        line("");
        line(String.format("The p99 was below 1 ms at %d of these %d rates%s%s. CPU per saga falls as the rate rises:"
                + " at low rates nearly every hand-off finds its consumer parked and wakes it through the kernel."
                + " By hand (2026-12-04, queued, 3,000/s, thread by thread): this benchmark's arrival threads"
                + " took 45–49 µs of it a saga, parking between arrivals, and the carriers of the broker's"
                + " consumers 140–160 µs, half of it in the kernel, some 30 µs for each of a saga's five"
                + " hand-offs; with direct dispatch, which hands nothing off, a saga took 56 µs, nearly all of"
                + " it the arrival threads'. Platform threads instead of virtual ones as consumers took 141–147"
                + " µs a saga against 201–221 at 3,000/s, but with a worse p99 (2.3 ms against 0.8–1.9), and 109"
                + " against 102 µs at 12,000/s, so the consumers stay virtual. A young collection stops every saga"
                + " in flight and every arrival during it, whatever the rate: a"
                + " 30 ms pause in a %d-second window delays 1%% of its sagas by up to 30 ms, and more while the"
                + " backlog drains, so a window holding one has its p99 near the pause or just under 1 ms, depending"
                + " on when in the window it fell; a window without one is exposed only to the machine's own"
                + " stalls (the latency floor above).", met.size(), runs.size(),
                met.isEmpty() ? "" : " (" + String.join(", ", met) + ")",
                missed.isEmpty() ? "" : "; it was above at " + String.join("; ", missed),
                sizes.measure().toSeconds()));
        line("");
        List<Double> rates = runs.stream().map(LoadDriver.Result::sagasPerSecond).toList();
        charts.lines("latency-by-rate.png", "Sagaflow in memory: latency by arrival rate (open loop)", "sagas/s",
                "µs (log)", rates, List.of(
                        new Charts.Series("p50", runs.stream().map(x -> x.percentileMicros(50)).toList()),
                        new Charts.Series("p99", runs.stream().map(x -> x.percentileMicros(99)).toList())), true, true);
        line("![latency by rate](performance/latency-by-rate.png)");
        line("");
    }

    private void scaling(Charts charts) throws IOException {
        ScalingText.write(this, charts, r);
    }

    private void profile() {
        ScalingText.profile(this, r.profile);
        List<LoadDriver.Result> runs = new ArrayList<>();
        if (!r.sagaflowRounds.isEmpty()) {
            runs.add(Results.median(r.sagaflowRounds));
        }
        if (r.directMedian() != null) {
            runs.add(r.directMedian());
        }
        if (!r.axonRounds.isEmpty()) {
            runs.add(Results.median(r.axonRounds));
        }
        ThreadCpuText.inMemory(this, runs);
    }

    private void durable() {
        DurableText.write(this, r, DurableSagaBench.firstWarmup(sizes));
    }

    /**
     * @param sagaflow the median queued round
     * @param direct the median direct-dispatch round, or null
     * @param axon Axon's median round
     * @return a sentence comparing the bytes allocated per saga, or nothing where the JVM did not count them
     */
    static String allocation(LoadDriver.Result sagaflow, LoadDriver.@Nullable Result direct, LoadDriver.Result axon) {
        if (Double.isNaN(sagaflow.bytesPerSaga()) || Double.isNaN(axon.bytesPerSaga())) {
            return "";
        }
        boolean withDirect = direct != null && !Double.isNaN(direct.bytesPerSaga());
        String figures = String.format("**Bytes allocated per saga** (the median rounds): Sagaflow %,.0f%s,"
                + " Axon %,.0f", sagaflow.bytesPerSaga(),
                withDirect ? String.format(", with direct dispatch %,.0f", direct.bytesPerSaga()) : "",
                axon.bytesPerSaga());
        if (axon.bytesPerSaga() < sagaflow.bytesPerSaga()) {
            // Said the way round that reads as more than 1, whichever system allocates more.
            return figures + String.format(": Sagaflow allocates %.2f× as much as Axon.",
                    sagaflow.bytesPerSaga() / axon.bytesPerSaga());
        }
        String withDirectRatio = withDirect
                ? String.format(" (%.2f× with direct dispatch)", axon.bytesPerSaga() / direct.bytesPerSaga()) : "";
        return figures + String.format(": Axon allocates %.2f× as much%s.",
                axon.bytesPerSaga() / sagaflow.bytesPerSaga(), withDirectRatio);
    }

    private static String times(List<Double> values) {
        return String.join(", ", values.stream().map(x -> String.format("%.2f×", x)).toList());
    }

    void resultRow(LoadDriver.Result result) {
        line("| " + result.system() + " | " + result.mode() + " | " + fmt(result.sagasPerSecond()) + " | "
                + String.format("%.1f", result.cpuMicrosPerSaga()) + " | "
                + (Double.isNaN(result.bytesPerSaga()) ? "–" : String.format("%,.0f", result.bytesPerSaga())) + " | "
                + String.format("%,d of %,d", result.compensated(), result.settled()) + " | "
                + micros(result.percentileMicros(50)) + " | " + micros(result.percentileMicros(99)) + " | "
                + micros(result.percentileMicros(99.9)) + " |");
    }

    private void row(String target, String measured, boolean met, String bound) {
        line("| " + target + " | " + measured + " | " + (met ? "yes" : "**no**") + " | " + bound + " |");
    }

    void line(String text) {
        md.append(text).append('\n');
    }

    /** @return what has been written so far, for tests */
    String markdown() {
        return md.toString();
    }

    static String fmt(double value) {
        return String.format("%,.0f", value);
    }

    static String micros(double value) {
        return Double.isNaN(value) ? "–" : String.format("%,.0f", value);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    static void table(Report report, Map<String, Double> shares) {
        report.line("| Share of samples | Where |");
        report.line("|---:|---|");
        shares.forEach((k, v) -> report.line(String.format("| %.1f%% | `%s` |", v, k)));
        report.line("");
    }

    /**
     * @return a sentence on how far the same system's CPU per saga moved between rounds, when it moved by 30% or
     *     more (the cores' own speed changed during the run); empty otherwise
     */
    static String speedSpread(List<LoadDriver.Result> rounds) {
        double min = rounds.stream().mapToDouble(LoadDriver.Result::cpuMicrosPerSaga).min().orElse(Double.NaN);
        double max = rounds.stream().mapToDouble(LoadDriver.Result::cpuMicrosPerSaga).max().orElse(Double.NaN);
        if (!(max >= 1.3 * min)) {
            return "";
        }
        return String.format(" Not in this run, though: Sagaflow's CPU per saga ranged from %.1f to %.1f µs across"
                + " its rounds (%.2f×), so the cores themselves ran at different speeds at different times (on a"
                + " virtual machine, as its host's other guests allow); a round's ratio is fair only if both systems"
                + " met the same speed, which is why the medians of the per-round ratios are given.", min, max,
                max / min);
    }
}

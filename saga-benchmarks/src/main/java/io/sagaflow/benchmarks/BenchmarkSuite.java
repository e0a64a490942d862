package io.sagaflow.benchmarks;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every benchmark section and writes {@code docs/performance.md} with its charts. Arguments: {@code --smoke}
 * for a tiny correctness-only run; {@code --no-million} to leave out 10^6 sagas in flight (included when the heap is
 * 3 GB or more); {@code --out DIR} for where the report goes (default {@code docs}); {@code --durable-only} to run
 * only the durable section (PostgreSQL and RabbitMQ) and log its figures, writing no report; {@code --memory-only}
 * likewise for the in-memory comparison with Axon. Run once per JVM.
 *
 * @since 0.1
 */
public final class BenchmarkSuite {
    private static final Logger log = LoggerFactory.getLogger(BenchmarkSuite.class);
    /** Driver threads for Axon, which settles each saga on the thread that placed it. */
    static final int AXON_DRIVERS = 4;
    /**
     * Shares of Sagaflow's closed-loop median rate at which its open loop also runs, besides one half: where the p99
     * target holds, and what breaks it as the rate grows.
     */
    static final List<Double> SWEEP = List.of(1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4);
    /** Alternating rounds of the saga lengths (at most; a smoke run has one). */
    static final int STEP_ROUNDS = 3;

    private BenchmarkSuite() {
    }

    /**
     * @param args see the class comment
     * @throws Exception if a section fails; sections needing a server that is down are skipped, not failed
     */
    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        if (arguments.contains("--durable-only")) {
            // By hand: the durable section alone, logged, no report written.
            DurableSagaBench.Outcome d = DurableSagaBench.run(Sizes.full(false), null);
            for (LoadDriver.Result r : java.util.List.of(d.closed(), d.open(), d.memoryOne(), d.memoryTwo())) {
                progress(String.format("%s, %s: %,.0f/s, %.0f CPU-µs/saga, p50 %s µs, p99 %s µs, p99.9 %s µs",
                        r.system(), r.mode(), r.sagasPerSecond(), r.cpuMicrosPerSaga(),
                        Report.micros(r.percentileMicros(50)), Report.micros(r.percentileMicros(99)),
                        Report.micros(r.percentileMicros(99.9))));
                progress("  CPU-µs a saga by thread (user, system): " + r.threads().user() + " " + r.threads().system());
            }
            progress(String.format("closed loop: machine %.0f%% busy, PostgreSQL %.2f cores, RabbitMQ %.2f cores,"
                    + " %.2f transactions and %.2f messages a saga", 100 * d.machineBusy(), d.serverCores().postgres(),
                    d.serverCores().rabbit(), d.transactionsPerSaga(), d.messagesPerSaga()));
            if (d.twoEngines() != null) {
                progress(String.format("two engines durable: %,.0f/s", d.twoEngines().sagasPerSecond()));
            }
            return;
        }
        if (arguments.contains("--memory-only")) {
            // By hand: the in-memory comparison with Axon alone, its rounds logged, no report written.
            compare(Sizes.full(false), new Results());
            return;
        }
        boolean smoke = arguments.contains("--smoke");
        boolean roomForMillion = Runtime.getRuntime().maxMemory() >= 3L << 30;
        Sizes sizes = smoke ? Sizes.smoke()
                : Sizes.full(arguments.contains("--million") || roomForMillion && !arguments.contains("--no-million"));
        int out = arguments.indexOf("--out");
        Path docs = Path.of(out >= 0 ? arguments.get(out + 1) : "docs");
        Results results = run(sizes, docs);
        Path report = new Report(results, sizes, docs).write();
        progress("wrote " + report.toAbsolutePath());
    }

    static Results run(Sizes sizes, Path docs) throws Exception {
        Results results = new Results();
        progress("started " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + ": " + sizes);
        compare(sizes, results);
        progress("noise floor");
        results.noiseFloor = NoiseFloor.measure(sizes.ceiling().dividedBy(2));
        progress("in-memory floors: a bare hand-off, a saga's JSON");
        results.inMemoryFloors = InMemoryFloors.measure(sizes.ceiling().dividedBy(2));
        openLoop(sizes, results);
        if (sizes.profile()) {
            progress("profiling Sagaflow with JFR");
            try (SagaflowOrderSystem system = new SagaflowOrderSystem()) {
                results.profile = HotSpots.profile(docs.resolve("performance/sagaflow-closed-loop.jfr"),
                        () -> new LoadDriver().closedLoop(system, sizes.inFlight(), 2, sizes.warmup(),
                                sizes.measure()));
            }
        }
        ScalingBench scaling = new ScalingBench(sizes.inFlight(), sizes.warmup(), sizes.measure());
        for (int parked : sizes.parked()) {
            progress("in flight: " + parked);
            results.inFlight.add(scaling.inFlight(parked));
        }
        // Alternating rounds, as for Axon: the host's speed changes within seconds, and one window per saga length
        // compared lengths measured at different speeds.
        for (int round = 1; round <= Math.min(STEP_ROUNDS, sizes.rounds()); round++) {
            List<ScalingBench.Steps> lengths = new java.util.ArrayList<>();
            for (int steps : sizes.steps()) {
                progress("steps per saga: " + steps + ", round " + round);
                lengths.add(scaling.steps(steps));
            }
            results.stepRounds.add(lengths);
        }
        results.steps.addAll(Results.medianSteps(results.stepRounds));
        ceilings(sizes, results, docs);
        return results;
    }

    private static void compare(Sizes sizes, Results results) throws Exception {
        LoadDriver driver = new LoadDriver();
        // Round 0 warms both up and is not counted: Axon's code keeps compiling well past a 2 s warm-up.
        for (int round = sizes.rounds() > 1 ? 0 : 1; round <= sizes.rounds(); round++) {
            Duration warmup = round == 0 ? sizes.warmup().multipliedBy(3) : sizes.warmup();
            settle();
            LoadDriver.Result sagaflowResult;
            MachineCpu before = MachineCpu.now();
            try (SagaflowOrderSystem sagaflow = new SagaflowOrderSystem()) {
                sagaflowResult = driver.closedLoop(sagaflow, sizes.inFlight(), 2, warmup, sizes.measure());
            }
            double sagaflowKernel = MachineCpu.kernelShare(before, MachineCpu.now());
            settle();
            LoadDriver.Result directResult;
            before = MachineCpu.now();
            try (SagaflowOrderSystem direct = new SagaflowOrderSystem(InMemoryMessageBroker.Dispatch.DIRECT)) {
                // With direct dispatch startSaga runs the whole saga on the placing thread, as Axon does: the same
                // drivers, and as many in flight, as Axon's.
                directResult = driver.closedLoop(direct, AXON_DRIVERS, AXON_DRIVERS, warmup, sizes.measure());
            }
            double directKernel = MachineCpu.kernelShare(before, MachineCpu.now());
            settle();
            LoadDriver.Result axonResult;
            before = MachineCpu.now();
            try (AxonOrderSystem axon = new AxonOrderSystem()) {
                // Axon runs each saga on the placing thread, so its in-flight count is its number of drivers: as many
                // runnable threads as Sagaflow's drivers, relay and carriers, so both get a like share of busy cores.
                axonResult = driver.closedLoop(axon, AXON_DRIVERS, AXON_DRIVERS, warmup, sizes.measure());
            }
            double axonKernel = MachineCpu.kernelShare(before, MachineCpu.now());
            progress(String.format("round %d%s: Sagaflow %,.0f/s (%.1f CPU-µs/saga, kernel %.0f%%), direct dispatch"
                    + " %,.0f/s (%.1f CPU-µs/saga, kernel %.0f%%), Axon %,.0f/s (%.1f CPU-µs/saga, kernel %.0f%%)",
                    round, round == 0 ? " (warm-up, not counted)" : "",
                    sagaflowResult.sagasPerSecond(), sagaflowResult.cpuMicrosPerSaga(), 100 * sagaflowKernel,
                    directResult.sagasPerSecond(), directResult.cpuMicrosPerSaga(), 100 * directKernel,
                    axonResult.sagasPerSecond(), axonResult.cpuMicrosPerSaga(), 100 * axonKernel));
            if (round > 0) {
                results.sagaflowRounds.add(sagaflowResult);
                results.directRounds.add(directResult);
                results.axonRounds.add(axonResult);
                results.sagaflowKernel.add(sagaflowKernel);
                results.directKernel.add(directKernel);
                results.axonKernel.add(axonKernel);
            }
        }
    }

    private static void openLoop(Sizes sizes, Results results) throws Exception {
        LoadDriver driver = new LoadDriver();
        double sagaflowRate = Results.median(results.sagaflowRounds).sagasPerSecond() / 2;
        settle();
        try (SagaflowOrderSystem sagaflow = new SagaflowOrderSystem()) {
            // Two arrival threads, as in the closed loop: a start publishes its first command on the starting thread
            // (in memory), so one thread alone could fall behind its own schedule at this rate.
            // From the lowest rate up, each window after the other; half the closed-loop rate last.
            for (double share : SWEEP) {
                double rate = 2 * sagaflowRate * share;
                LoadDriver.Result swept = driver.openLoop(sagaflow, rate, 2, sizes.warmup(), sizes.measure());
                results.sagaflowSweep.add(swept);
                progress(String.format("open loop at %,.0f/s: Sagaflow p99 %.0f µs, %.1f CPU-µs/saga, %d GC pauses",
                        rate, swept.percentileMicros(99), swept.cpuMicrosPerSaga(), swept.gc().pauses()));
            }
            results.sagaflowOpen = driver.openLoop(sagaflow, sagaflowRate, 2, sizes.warmup(), sizes.openMeasure());
        }
        double directRate = Results.median(results.directRounds).sagasPerSecond() / 2;
        settle();
        try (SagaflowOrderSystem direct = new SagaflowOrderSystem(InMemoryMessageBroker.Dispatch.DIRECT)) {
            results.directOpen = driver.openLoop(direct, directRate, AXON_DRIVERS, sizes.warmup(), sizes.openMeasure());
        }
        double axonRate = Results.median(results.axonRounds).sagasPerSecond() / 2;
        settle();
        try (AxonOrderSystem axon = new AxonOrderSystem()) {
            results.axonOpen = driver.openLoop(axon, axonRate, AXON_DRIVERS, sizes.warmup(), sizes.openMeasure());
        }
        progress(String.format("open loop: Sagaflow p99 %.0f µs at %,.0f/s, direct dispatch p99 %.0f µs at %,.0f/s,"
                + " Axon p99 %.0f µs at %,.0f/s", results.sagaflowOpen.percentileMicros(99), sagaflowRate,
                results.directOpen.percentileMicros(99), directRate, results.axonOpen.percentileMicros(99), axonRate));
    }

    private static void ceilings(Sizes sizes, Results results, Path docs) throws Exception {
        if (RabbitMqCeiling.reachable()) {
            progress("RabbitMQ ceiling");
            results.ceilings.addAll(RabbitMqCeiling.measure(sizes.ceiling()));
        } else {
            results.skipped.add("RabbitMQ is not reachable on " + RabbitMqCeiling.HOST + ":" + RabbitMqCeiling.PORT
                    + ": its ceiling was not measured (start it with `rabbitmq-server -detached`).");
        }
        if (PostgresCeiling.reachable()) {
            progress("PostgreSQL ceiling");
            results.ceilings.addAll(PostgresCeiling.measure(sizes.ceiling(), 1, 4));
        } else {
            results.skipped.add("PostgreSQL is not reachable on " + PostgresCeiling.HOST + ":" + PostgresCeiling.PORT
                    + ": its ceiling was not measured (start it with `pg_ctlcluster --skip-systemctl-redirect"
                    + " $(ls /etc/postgresql) main start`).");
        }
        if (DurableSagaBench.reachable()) {
            progress("durable saga: PostgreSQL + RabbitMQ");
            results.durable = DurableSagaBench.run(sizes, sizes.profile()
                    ? docs.resolve("performance/sagaflow-durable-closed-loop.jfr") : null);
        } else {
            results.durableSkipped = DurableSagaBench.unreachableReason();
            results.skipped.add(results.durableSkipped);
        }
        results.skipped.forEach(BenchmarkSuite::progress);
    }

    /** Collects the previous run's garbage, so neither system's CPU time pays for the other's. */
    private static void settle() throws InterruptedException {
        ScalingBench.usedHeapAfterGc();
    }

    private static void progress(String message) {
        log.info("{}", message);
    }
}

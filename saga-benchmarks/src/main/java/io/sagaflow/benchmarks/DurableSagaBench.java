package io.sagaflow.benchmarks;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.SagaStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order saga over PostgreSQL ({@code JdbcSagaStore}) and RabbitMQ ({@code RabbitMqMessageBroker}): the same
 * {@link SagaflowOrderSystem} and {@link LoadDriver} as the in-memory run, with the store and broker swapped. The
 * participants run in the same JVM over the same RabbitMQ, with the in-memory participant inbox. Each run gets a
 * fresh {@link DurableBackend} (own schema and queue prefix, removed afterwards). Also measures one orchestrator
 * instance against two on the same store and broker, in memory and durable.
 */
final class DurableSagaBench {
    private static final Logger log = LoggerFactory.getLogger(DurableSagaBench.class);

    /**
     * What the durable section measured.
     *
     * @param closed closed loop, one engine
     * @param open open loop at half the closed-loop rate, one engine
     * @param twoEngines closed loop, two engines on one schema and one reply queue
     * @param memoryOne closed loop in memory, one engine
     * @param memoryTwo closed loop in memory, two engines on one store and broker
     * @param writes per saga, from pg_stat_user_tables over the closed-loop run: table → {inserts, updates, deletes}
     * @param messagesPerSaga messages published and consumed per saga in the closed-loop run (from the ledger)
     * @param transactionsPerSaga transactions committed per saga started over the closed-loop run, counted by
     *     PostgreSQL ({@code pg_stat_database.xact_commit}; reads included, other clients of the database too)
     * @param machineBusy the share of the machine's CPU time (every process: the JVM, PostgreSQL, RabbitMQ, others)
     *     spent busy over the closed-loop run, warm-up included, from {@code /proc/stat}; NaN where unreadable
     * @param serverCores cores kept busy over the closed-loop run, warm-up included, by PostgreSQL's processes and
     *     by RabbitMQ's ({@link ServerCpu})
     * @param profile JFR execution samples of the closed-loop run
     */
    record Outcome(LoadDriver.Result closed, LoadDriver.Result open, LoadDriver.@Nullable Result twoEngines,
                   LoadDriver.Result memoryOne, LoadDriver.Result memoryTwo, Map<String, double[]> writes,
                   double messagesPerSaga, double transactionsPerSaga, double machineBusy,
                   ServerCpu.Cores serverCores, HotSpots.@Nullable Profile profile) {
    }

    /**
     * Threads starting sagas, as an application's request threads would: {@code startSaga} returns once the new
     * saga committed, so with two threads (the in-memory run's) starts would be bounded by two commits at a time;
     * with many, their creates share group commits.
     */
    static final int DRIVERS = 32;
    /**
     * Threads timing the open loop's arrivals, each arrival then started on a virtual thread of its own (as a
     * server's request threads would start them), so a start waiting for its commit never holds up the next arrival;
     * few, so that their waiting does not take the servers' cores.
     */
    static final int OPEN_LOOP_DRIVERS = 1;
    /** By hand: {@code -Dbench.open-rate=N} runs the open loop at N sagas/s instead of half the closed loop's rate. */
    static final int OPEN_RATE = Integer.getInteger("bench.open-rate", 0);

    private DurableSagaBench() {
    }

    static boolean reachable() {
        return DurableBackend.reachable();
    }

    /** @return why the section cannot run here */
    static String unreachableReason() {
        return "PostgreSQL (127.0.0.1:5432) or RabbitMQ (127.0.0.1:5672) is not reachable: the durable saga was not"
                + " measured (start them with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main"
                + " start` and `rabbitmq-server -detached`).";
    }

    static Outcome run(Sizes sizes, @Nullable Path profileFile) throws Exception {
        LoadDriver.Result closed;
        Map<String, double[]> writes;
        double messagesPerSaga;
        double transactionsPerSaga;
        HotSpots.Profile profile = null;
        double machineBusy;
        ServerCpu.Cores serverCores;
        try (DurableBackend backend = new DurableBackend()) {
            long committedBefore = backend.committedTransactions();
            SagaflowOrderSystem system = system(backend, 1);
            MachineCpu cpuBefore = MachineCpu.now();
            ServerCpu serversBefore = ServerCpu.now();
            if (profileFile != null) {
                LoadDriver.Result[] holder = new LoadDriver.Result[1];
                profile = HotSpots.profile(profileFile, () -> holder[0] = closedLoop(system, sizes,
                        firstWarmup(sizes)));
                closed = holder[0];
            } else {
                closed = closedLoop(system, sizes, firstWarmup(sizes));
            }
            machineBusy = MachineCpu.busy(cpuBefore, MachineCpu.now());
            serverCores = ServerCpu.cores(serversBefore, ServerCpu.now());
            Ledger ledger = system.ledger();
            long started = ledger.reserved.sum();
            long commands = ledger.reserved.sum() + ledger.charged.sum() + ledger.declined.sum()
                    + ledger.released.sum();
            messagesPerSaga = (2.0 * commands + ledger.confirmed.sum()) / started;
            system.close();
            // First: closing the pool's connections makes their server processes report their table counts, too.
            transactionsPerSaga = (backend.committedTransactions() - committedBefore) / (double) started;
            writes = perSaga(backend.tableWrites(), started);
        }
        log.info("durable closed loop: {}/s, {} transactions per saga (pg_stat_database), {} messages per saga",
                Report.fmt(closed.sagasPerSecond()), String.format("%.2f", transactionsPerSaga),
                String.format("%.2f", messagesPerSaga));
        LoadDriver.Result open;
        try (DurableBackend backend = new DurableBackend();
             SagaflowOrderSystem system = system(backend, 1)) {
            // At least 1/s: a smoke run's window, a fraction of a second, may settle no saga on a busy machine.
            double rate = OPEN_RATE > 0 ? OPEN_RATE : Math.max(closed.sagasPerSecond() / 2, 1);
            open = new LoadDriver().openLoop(system, rate, OPEN_LOOP_DRIVERS,
                    warmup(sizes), sizes.openMeasure(), true);
        }
        log.info("durable open loop: p99 {} µs", Report.micros(open.percentileMicros(99)));
        LoadDriver.Result two;
        try (DurableBackend backend = new DurableBackend();
             SagaflowOrderSystem system = system(backend, 2)) {
            two = label(closedLoop(system, sizes, warmup(sizes)), "Sagaflow durable, 2 engines");
        }
        LoadDriver.Result memoryOne = memory(sizes, 1);
        LoadDriver.Result memoryTwo = memory(sizes, 2);
        return new Outcome(label(closed, "Sagaflow durable"), label(open, "Sagaflow durable"), two, memoryOne,
                memoryTwo, writes, messagesPerSaga, transactionsPerSaga, machineBusy, serverCores, profile);
    }

    /**
     * At a few hundred sagas a second the JDBC and AMQP code paths take seconds to be compiled: a by-hand run showed
     * the JIT compiler threads using most of the JVM's CPU 14 s in. Eight times the in-memory warm-up (16 s in a full
     * run): with less, the first durable run measured the compiler more than the saga.
     */
    static java.time.Duration warmup(Sizes sizes) {
        return sizes.warmup().multipliedBy(8);
    }

    /**
     * The first durable closed loop's warm-up, three times the others' (48 s in a full run): with 16 s the JIT
     * compiler's threads still took some 15% of the JVM's CPU in the window, by hand 17% after 17 s and 4% after
     * 62 s, so the CPU per saga measured more compiling than a long-running service does. The runs after it reuse
     * the compiled code.
     */
    static java.time.Duration firstWarmup(Sizes sizes) {
        return warmup(sizes).multipliedBy(3);
    }

    private static SagaflowOrderSystem system(DurableBackend backend, int engines) {
        List<SagaStore> stores = new java.util.ArrayList<>();
        for (int i = 0; i < engines; i++) {
            stores.add(backend.newStore());
        }
        return new SagaflowOrderSystem(backend.newBroker(), stores, SagaflowOrderSystem.PLACE_ORDER, List.of());
    }

    private static LoadDriver.Result closedLoop(SagaflowOrderSystem system, Sizes sizes, java.time.Duration warmup)
            throws InterruptedException {
        return new LoadDriver().closedLoop(system, sizes.inFlight(), DRIVERS, warmup, sizes.measure());
    }

    private static LoadDriver.Result inMemoryClosedLoop(SagaflowOrderSystem system, Sizes sizes)
            throws InterruptedException {
        return new LoadDriver().closedLoop(system, sizes.inFlight(), 2, warmup(sizes), sizes.measure());
    }

    private static LoadDriver.Result memory(Sizes sizes, int engines) throws InterruptedException {
        SagaStore store = new InMemorySagaStore();
        List<SagaStore> stores = engines == 1 ? List.of(store) : List.of(store, store);
        try (SagaflowOrderSystem system = new SagaflowOrderSystem(new InMemoryMessageBroker(), stores,
                SagaflowOrderSystem.PLACE_ORDER, List.of())) {
            return label(inMemoryClosedLoop(system, sizes), "Sagaflow in memory, " + engines + " engine"
                    + (engines == 1 ? "" : "s"));
        }
    }

    private static Map<String, double[]> perSaga(Map<String, long[]> writes, long sagas) {
        Map<String, double[]> perSaga = new java.util.LinkedHashMap<>();
        writes.forEach((table, counts) -> perSaga.put(table, new double[] {counts[0] / (double) sagas,
                counts[1] / (double) sagas, counts[2] / (double) sagas}));
        return perSaga;
    }

    private static LoadDriver.Result label(LoadDriver.Result r, String system) {
        return new LoadDriver.Result(system, r.mode(), r.sagasPerSecond(), r.settled(), r.compensated(), r.latency(),
                r.cpuMicrosPerSaga(), r.bytesPerSaga(), r.gc(), r.threads(), r.offeredPerSecond());
    }
}

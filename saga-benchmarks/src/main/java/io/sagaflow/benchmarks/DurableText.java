package io.sagaflow.benchmarks;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The report's durable section: the saga over PostgreSQL and RabbitMQ, the ceilings, and what bounds it. */
final class DurableText {
    private static final double TARGET_RATE = 2_000;
    private static final double TARGET_P99_MICROS = 50_000;
    private static final int CORES = Ceiling.CORES;

    private DurableText() {
    }

    static void write(Report md, Results r, java.time.Duration warmup) {
        md.line("## Durable: PostgreSQL and RabbitMQ");
        md.line("");
        DurableSagaBench.Outcome d = r.durable;
        if (d == null) {
            md.line("**Not measured in this run.** " + r.durableSkipped);
            md.line("");
        } else {
            md.line("The same order saga with `JdbcSagaStore` on PostgreSQL (HikariCP, " + DurableBackend.POOL_SIZE
                    + " connections, a schema of its own, `synchronous_commit = on`, group commit on, the default"
                    + " batch of up to " + io.sagaflow.jdbc.JdbcSagaStore.DEFAULT_MAX_BATCH_SIZE + " writes) and"
                    + " `RabbitMqMessageBroker` (persistent messages, publisher confirms, manual acknowledgements,"
                    + " " + DurableBackend.CONSUMERS + " consumers per subscription, a queue prefix of its own;"
                    + " schema and queues are removed afterwards). The participants run in the same JVM over the same"
                    + " RabbitMQ with the **in-memory participant inbox** (not `JdbcParticipantInbox`), so the only"
                    + " database writes are the orchestrator's. PostgreSQL and RabbitMQ run on the same " + CORES
                    + " shared cores as the JVM. Closed loop with sagas started from " + DurableSagaBench.DRIVERS
                    + " threads, as an application's request threads would (`startSaga` returns once the saga is"
                    + " committed); open loop at half the closed-loop rate, each order started on a virtual thread of"
                    + " its own at its arrival time, latency from that intended start (HdrHistogram). These are the"
                    + " settings [durability](durability.md#group-commit) and"
                    + " [RabbitMQ](rabbitmq.md#production-advice) recommend for throughput.");
            md.line("");
            md.line(Report.RESULT_HEADER);
            md.line(Report.RESULT_RULE);
            md.resultRow(d.closed());
            md.resultRow(d.open());
            md.line("");
            md.line("**From one orchestrator instance to two** (two `SagaEngine`s on the same store tables and"
                    + " broker, competing for the same reply queue; orders placed on them in turn):");
            md.line("");
            md.line(Report.RESULT_HEADER);
            md.line(Report.RESULT_RULE);
            md.resultRow(d.memoryOne());
            md.resultRow(d.memoryTwo());
            md.resultRow(d.closed());
            if (d.twoEngines() != null) {
                md.resultRow(d.twoEngines());
            }
            md.line("");
            md.line(String.format("Two engines over one: **%.2f× in memory**%s. On 2 cores a second engine adds"
                    + " threads, not cores: in memory it can only show the cost of two engines competing for one"
                    + " store; durable, it shows whether one engine's threads were waiting on I/O that a second could"
                    + " overlap.", d.memoryTwo().sagasPerSecond() / d.memoryOne().sagasPerSecond(),
                    d.twoEngines() == null ? "" : String.format(", **%.2f× durable**",
                            d.twoEngines().sagasPerSecond() / d.closed().sagasPerSecond())));
            md.line("");
        }
        ceilings(md, r);
        if (d != null) {
            bounds(md, r, d, warmup);
        }
        for (String skipped : r.skipped) {
            md.line("- Skipped: " + skipped);
        }
        md.line("");
    }

    private static void ceilings(Report md, Results r) {
        if (r.ceilings.isEmpty()) {
            return;
        }
        md.line("Ceilings measured in the same run, on the same servers, with no Sagaflow code:");
        md.line("");
        md.line("| Ceiling | Operations/s | p50 µs | p99 µs | p99.9 µs | Machine busy | Machine CPU-µs per operation"
                + " | How |");
        md.line("|---|---:|---:|---:|---:|---:|---:|---|");
        for (Ceiling c : r.ceilings) {
            md.line(String.format("| %s | %,.0f | %s | %s | %s | %s | %s | %s |", c.name(), c.operationsPerSecond(),
                    Report.micros(c.percentileMicros(50)), Report.micros(c.percentileMicros(99)),
                    Report.micros(c.percentileMicros(99.9)), Double.isNaN(c.machineBusy()) ? "–"
                            : String.format("%.0f%%", 100 * c.machineBusy()),
                    Report.micros(c.machineMicrosPerOperation()), c.note()));
        }
        md.line("");
        md.line("Machine busy is the share of both cores' time that was not idle during the run (`/proc/stat`): the"
                + " server, the benchmark's own client threads, the kernel's work for them, and anything else running."
                + " Its CPU-µs per operation is that busy time over the operations: what one operation costs the"
                + " machine at the ceiling, where batching is at its best.");
        md.line("");
    }

    private static void bounds(Report md, Results r, DurableSagaBench.Outcome d, java.time.Duration warmup) {
        double transitions = 0;
        double outboxDeletes = 0;
        md.line("**Store writes per saga**, counted by PostgreSQL itself (`pg_stat_user_tables` of the run's schema"
                + " over the whole closed-loop run, over the sagas started):");
        md.line("");
        md.line("| Table | Inserts per saga | Updates per saga | Deletes per saga |");
        md.line("|---|---:|---:|---:|");
        for (Map.Entry<String, double[]> table : d.writes().entrySet()) {
            double[] w = table.getValue();
            md.line(String.format("| `%s` | %.2f | %.2f | %.2f |", table.getKey(), w[0], w[1], w[2]));
            if (table.getKey().endsWith("_saga")) {
                transitions = w[0] + w[1];
            } else if (table.getKey().endsWith("_outbox")) {
                outboxDeletes = w[2];
            }
        }
        md.line("");
        md.line(String.format("**Transactions per saga, counted by PostgreSQL** (`pg_stat_database.xact_commit` over"
                + " the whole closed-loop run, over the sagas started): **%.2f**. That is every transaction: the"
                + " saga writes (%.2f saga-row inserts + updates a saga: 3 for a completed order, start, reply to"
                + " reserve, reply to charge with the completion; 4 when it compensates), which group commit puts"
                + " into shared transactions; the relays' transactions (with the hand-over on commit, deletes of"
                + " the rows they published, 256 at a time, and a round on the table per poll interval; the %.2f"
                + " rows a saga sent are deleted so); reads of a saga, which a reply the engine awaits no longer needs"
                + " (it is applied to the record the engine stored, under that record's version); and any other"
                + " client of the database at the time. Messages per saga: %.2f (commands and replies, the"
                + " confirmation event; each published persistently with a confirm and consumed with an ack).",
                d.transactionsPerSaga(), transitions, outboxDeletes, d.messagesPerSaga()));
        md.line("");
        Ceiling commits = best(r, "PostgreSQL");
        Ceiling messages = best(r, "RabbitMQ persistent publish (confirmed)");
        double rate = d.closed().sagasPerSecond();
        StringBuilder verdict = new StringBuilder();
        double byBroker = messages == null ? Double.NaN : messages.operationsPerSecond() / d.messagesPerSaga();
        double byStore = commits == null || !(d.transactionsPerSaga() > 0) ? Double.NaN
                : commits.operationsPerSecond() / d.transactionsPerSaga();
        if (messages != null) {
            verdict.append(String.format("RabbitMQ's ceiling (%,.0f messages/s) allows %,.0f sagas/s at %.2f"
                    + " messages a saga: the saga reached **%.0f%% of it**. ", messages.operationsPerSecond(), byBroker,
                    d.messagesPerSaga(), 100 * rate / byBroker));
        }
        if (commits != null) {
            verdict.append(String.format("PostgreSQL's best rate of one-write transactions (%,.0f/s, %s) allows"
                    + " %,.0f sagas/s at %.2f transactions a saga: the saga reached **%.0f%% of it**. ",
                    commits.operationsPerSecond(), commits.name().replaceAll(".*COMMIT, ", ""), byStore,
                    d.transactionsPerSaga(), 100 * rate / byStore));
        }
        md.line(String.format("**Durable targets.** Target ≥ %,.0f sagas/s: measured **%,.0f sagas/s** (%s)."
                + " Target p99 < 50 ms at half the rate: measured **p99 %s µs** at %,.0f/s (%s). ",
                TARGET_RATE, rate, rate >= TARGET_RATE ? "met" : "not met", Report.micros(d.open()
                        .percentileMicros(99)), rate / 2, d.open().percentileMicros(99) < TARGET_P99_MICROS
                        ? "under 50 ms, but at half the measured maximum, not at half of 2,000/s" : "not met")
                + verdict);
        md.line("");
        HotSpots.Profile profile = d.profile();
        double jvmCores = rate * d.closed().cpuMicrosPerSaga() / 1e6;
        double machineMicros = d.machineBusy() * CORES * 1e6 / rate;
        String machine = Double.isNaN(d.machineBusy()) ? "The machine's CPU use was not readable here."
                : String.format("The machine's cores were **%.0f%% busy** over the closed-loop run (every process:"
                        + " the JVM, PostgreSQL, RabbitMQ, anything else running), %,.0f CPU-µs a saga in all; at"
                        + " that cost %d cores carry at most %,.0f sagas/s, and %,.0f sagas/s needs the whole saga"
                        + " under %,.0f CPU-µs.", 100 * d.machineBusy(), machineMicros, CORES,
                        CORES * 1e6 / machineMicros, TARGET_RATE, CORES * 1e6 / TARGET_RATE);
        boolean cpuBound = d.machineBusy() > 0.9;
        double serversMicros = machineMicros - d.closed().cpuMicrosPerSaga();
        String servers = Double.isNaN(d.machineBusy()) || serversMicros <= 0 ? ""
                : String.format(" Everything but the JVM (PostgreSQL, RabbitMQ, the kernel's work for them, anything"
                        + " else running) took **%,.0f CPU-µs a saga**: even a JVM that cost nothing would leave %d"
                        + " cores at most %,.0f sagas/s with these servers on them.", serversMicros, CORES,
                        CORES * 1e6 / serversMicros) + serversText(d, rate, serversMicros);
        md.line(String.format("**What bounds it.** %s %s The JVM's own share: %,.0f CPU-µs a saga, %.1f of the %d"
                + " cores at %,.0f sagas/s.%s A closed-loop saga took %,.0f ms at p50 from start to settled (%s). %s",
                cpuBound ? "CPU, on this machine." : "Not the machine's CPU alone.", machine,
                d.closed().cpuMicrosPerSaga(), jvmCores, CORES, rate, servers,
                d.closed().percentileMicros(50) / 1_000, d.closed().mode(), profileText(profile)));
        md.line("");
        String floor = messagingFloor(r, d, rate);
        if (!floor.isEmpty()) {
            md.line(floor);
            md.line("");
        }
        if (profile != null) {
            md.line(String.format("JFR execution samples of the durable closed-loop run (%,d samples; running"
                    + " threads only, so waiting on I/O does not show; the recording is kept as `%s`, not"
                    + " committed; read it with `jfr summary` or `jfr print --events jdk.ExecutionSample`). Where the"
                    + " JVM's CPU went:", profile.samples(),
                    "docs/performance/" + profile.recording().getFileName()));
            md.line("");
            Report.table(md, profile.areas());
            md.line("Methods on top of the stack:");
            md.line("");
            Map<String, Double> top = new java.util.LinkedHashMap<>();
            profile.selfTop().entrySet().stream().limit(8).forEach(e -> top.put(e.getKey(), e.getValue()));
            Report.table(md, top);
        }
        ThreadCpuText.durable(md, d.closed(), d.open(), warmup);
        md.line("**What is built.** *Group commit* in `JdbcSagaStore` (on by default): while one transaction"
                + " commits, the saga writes of other threads queue, and the next transaction writes them all with"
                + " JDBC batches, each under its own optimistic version (a stale version or a taken business key"
                + " affects only its own saga, a failing statement sends every write back to a transaction of its"
                + " own); the relay is woken once per transaction, so its batches fill. *Shared publisher confirms*"
                + " in `RabbitMqMessageBroker`: concurrent publishers (participant replies, the relay) publish on"
                + " the same confirm channels and each waits only for its own messages' confirms. *NIO sockets*"
                + " (`RabbitMqSettings.nio`, on by default" + (DurableBackend.NIO ? "" : ", off in this run") + "):"
                + " the frames that publishing and acknowledging threads queue are written by each connection's"
                + " I/O thread in bulk, not with a socket write and flush per command. *No read before an awaited"
                + " reply*: the engine applies it to the record it stored itself, and the store's version check"
                + " sends it back to a read only if something else changed the saga. *Sent rows deleted by the"
                + " relay* in the transaction that claimed them, instead of marked sent and purged later. *Two relay"
                + " threads per engine* (`SagaEngineConfig.relayThreads`): a relay's round claims rows, publishes"
                + " them, waits for the confirms, deletes them and commits, and what is committed meanwhile waits for"
                + " the next round; the second relay claims it at once. By hand (2026-12-04, alternating JVMs, open"
                + " loop at 250 sagas/s after 25 s of closed-loop warm-up, three pairs of 10-s windows, timed by a"
                + " listener and the participants' handlers): from the saga's commit to the participant's handler"
                + " 3.3 to 4.1 ms at the median against 4.3 to 22.8 ms with one relay, and the saga's p99 84 to 136"
                + " ms against 110 to 407 ms; the relays took 360 to 380 CPU-µs a saga against 140 to 250, as they"
                + " run more rounds with fewer rows each. At the maximum rate (this suite's durable section by hand,"
                + " two alternating pairs) the second relay cost no throughput: 902 and 869 sagas/s closed loop"
                + " against 605 and 817 with one, two engines 573 and 592 against 574 and 590, with 0.43 to 0.44"
                + " transactions a saga against 0.32 to 0.34. A store's own `NOTIFY` no longer wakes its relays (they"
                + " were woken in-process already, and ran a round that found nothing). *Hand-over on commit*"
                + " (`JdbcSagaStore.Builder.handOverOnCommit`, on by default): the group commit writes a transition's"
                + " outbox rows leased to its process and, once committed, queues them for the relays in memory,"
                + " which publish them without a claiming transaction; the published rows are deleted 256 at a time"
                + " on a relay's thread, and the relays claim from the table only what a failed publish handed back,"
                + " what another process wrote and what a dead process left when its lease ended (see"
                + " [durability](durability.md#hand-over-on-commit)). By hand (2026-12-07, this suite's durable"
                + " section alone, alternating JVMs, two pairs of the final code after five pairs of earlier"
                + " versions): open loop at half the closed-loop rate p99 37 and 38 ms against 65 and 111 ms with"
                + " relays claiming every row, p50 14.0 and 16.5 ms against 25.3 and 19.7 ms, closed loop 728 and 843"
                + " sagas/s against 742 and 682, with 0.25 transactions a saga against 0.46 to 0.47. Two versions"
                + " tried on the way and not kept: the saving thread publishing its own messages after the commit"
                + " (773/s against 1,009/s: each engine consumer then waited for the broker's confirms, so fewer"
                + " writers shared each group commit, 0.54 transactions a saga), and the published rows deleted inside"
                + " the next group commit (552 to 690/s: that delete, some 2.5 ms for a transaction's worth of rows by"
                + " `pg_stat_statements`, held up the store's one writing transaction). Group"
                + " commit needs concurrent writers, so this run uses " + DurableBackend.CONSUMERS + " consumers per"
                + " subscription and starts sagas from several threads.");
        md.line("");
        md.line("**What would lift it further**: less CPU per saga in the JVM (the AMQP client, the JSON codec and the"
                + " JDBC driver lead the profile above); a participant inbox writing its records in batches (this run"
                + " keeps the participants' inbox in memory); and servers on cores of their own." + ackBatching(r)
                + " Tried by hand on this host (2026-12-03, alternating JVMs, 10-s closed-loop windows after 15 s of"
                + " warm-up) and not kept: the saga's consumers acknowledging one per 8 deliveries (the rest within"
                + " 2 ms) ran at 811, 771 and 703 sagas/s against 803, 793 and 716 with one acknowledgement per"
                + " delivery, so acknowledgements are not what the broker's time goes to here; the saga table"
                + " without its five secondary indexes cost PostgreSQL 606 and 648 CPU-µs a saga against 516 and"
                + " 594 with them, so neither are the indexes; and 4 or 8 consumers per subscription instead of 16"
                + " cost more CPU a saga (1,221 to 1,464 µs in the JVM), because fewer concurrent writers fill"
                + " fewer group commits and publish batches, while 32 and 64 gave no clear gain; blocking sockets"
                + " instead of NIO ran at 726, 666 and 699 sagas/s against 737, 755 and 617, no clear difference,"
                + " so NIO stays the default. Tried the same way on 2026-12-04 (open loop at 250 sagas/s after 25 s"
                + " of closed-loop warm-up, three alternating pairs of 10-s windows) and not kept: a second"
                + " group-commit writer per store (each saga's writes to one of the two by its id) gave a p99 of"
                + " 70, 87 and 260 ms against 127, 71 and 137 ms; the outbox's `NOTIFY` made part of its INSERT,"
                + " one round trip less a transaction, 78, 128 and 131 ms against 157, 85 and 89 ms; four relay"
                + " threads instead of two, 61 and 96 ms against 122 and 87 ms (two pairs). None is a clear"
                + " difference on this host.");
        md.line("");
    }

    /**
     * @return what the saga's messages alone cost the machine at the broker's ceiling in the saga's own shape, with
     *     the PostgreSQL share this run measured, against the CPU a saga may take at the target rate; "" where the
     *     ceiling or the machine's CPU use was not measured
     */
    static String messagingFloor(Results r, DurableSagaBench.Outcome d, double rate) {
        Ceiling shaped = null;
        Ceiling bare = null;
        for (Ceiling c : r.ceilings) {
            if (c.name().equals(RabbitMqCeiling.SAGA_SHAPE)) {
                shaped = c;
            } else if (c.name().equals("RabbitMQ persistent publish (confirmed) + manual-ack consume")) {
                bare = c;
            }
        }
        if (shaped == null || Double.isNaN(shaped.machineBusy())) {
            return "";
        }
        double budget = CORES * 1e6 / TARGET_RATE;
        double messages = d.messagesPerSaga();
        double perSaga = shaped.machineMicrosPerOperation() * messages;
        StringBuilder text = new StringBuilder(String.format("**Messaging alone.** In the saga's own message shape"
                + " (the ceiling above with a command's properties and headers, the adapter's confirm channels and"
                + " the saga's consumers), RabbitMQ and a bare client, with no saga code and no database, moved"
                + " %,.0f messages/s with the machine %.0f%% busy: **%,.0f CPU-µs a message** (broker, client and"
                + " the kernel's work for them), so **%,.0f CPU-µs for the saga's %.2f messages**, %.0f%% of the"
                + " %,.0f CPU-µs a saga that %,.0f sagas/s allows on %d cores; at that cost messaging alone would"
                + " carry at most %,.0f sagas/s on the whole machine.", shaped.operationsPerSecond(),
                100 * shaped.machineBusy(), shaped.machineMicrosPerOperation(), perSaga, messages,
                100 * perSaga / budget, budget, TARGET_RATE, CORES, CORES * 1e6 / perSaga));
        if (bare != null && !Double.isNaN(bare.machineBusy())) {
            text.append(String.format(" Bare messages on one channel each way cost %,.0f CPU-µs a message (%,.0f"
                    + " a saga): the saga's shape costs %.2f× that.", bare.machineMicrosPerOperation(),
                    bare.machineMicrosPerOperation() * messages,
                    shaped.machineMicrosPerOperation() / bare.machineMicrosPerOperation()));
        }
        double postgres = d.serverCores().microsPerSaga(rate).postgres();
        if (!Double.isNaN(postgres)) {
            double bareMessaging = bare == null ? Double.NaN : bare.machineMicrosPerOperation() * messages;
            text.append(String.format(" With the %,.0f CPU-µs a saga that PostgreSQL took in this run, the servers"
                    + " and a bare client need **%,.0f CPU-µs a saga before any of Sagaflow's own work** (the engine,"
                    + " the JSON codec, the JDBC driver), %s.", postgres, perSaga + postgres, verdict(bareMessaging,
                    perSaga, postgres, budget, d.closed().cpuMicrosPerSaga())));
        }
        return text.toString();
    }

    /**
     * @param bareMessaging CPU per saga of its messages at the bare ceiling (no headers, one channel each way), or NaN
     * @param shapedMessaging CPU per saga of its messages at the ceiling in the saga's own shape
     * @param postgres PostgreSQL's CPU per saga in the run
     * @param budget the CPU a saga may take at the target rate
     * @param jvmMicros the JVM's CPU per saga in the run
     * @return what those floors leave of the target's budget, and which of them rules it out
     */
    static String verdict(double bareMessaging, double shapedMessaging, double postgres, double budget,
                          double jvmMicros) {
        String over = String.format("more than the %,.0f µs that %,.0f sagas/s allows", budget, TARGET_RATE);
        if (bareMessaging >= budget) {
            return over + String.format(": even bare messages take %,.0f µs a saga, so on this machine the target"
                    + " cannot be reached whatever the library does, unless a saga moves fewer messages",
                    bareMessaging);
        }
        if (bareMessaging + postgres >= budget) {
            return over + String.format(", and so are bare messages with PostgreSQL's share (%,.0f µs): on this"
                    + " machine the target cannot be reached with this many messages and this much of PostgreSQL's"
                    + " time a saga, whatever the messages carry", bareMessaging + postgres);
        }
        if (shapedMessaging + postgres >= budget) {
            return over + (Double.isNaN(bareMessaging) ? ": on this machine the target cannot be reached with these"
                    + " messages and this much of PostgreSQL's time a saga" : String.format(": the target would"
                    + " need leaner messages than the saga's (bare ones: %,.0f µs a saga) and nearly nothing for the"
                    + " engine", bareMessaging));
        }
        return String.format("which leaves %,.0f CPU-µs a saga for it at %,.0f sagas/s (this run's JVM took %,.0f,"
                + " its AMQP client included)", budget - shapedMessaging - postgres, TARGET_RATE, jvmMicros);
    }

    private static String profileText(HotSpots.@Nullable Profile profile) {
        if (profile == null || profile.areas().isEmpty()) {
            return "";
        }
        Map.Entry<String, Double> top = profile.areas().entrySet().iterator().next();
        return String.format("Of the JVM's CPU samples the largest share (%.0f%%) is %s.", top.getValue(),
                top.getKey());
    }

    private static @Nullable Ceiling best(Results r, String prefix) {
        Ceiling best = null;
        for (Ceiling c : r.ceilings) {
            if (c.name().startsWith(prefix) && (best == null || c.operationsPerSecond() > best.operationsPerSecond())) {
                best = c;
            }
        }
        return best;
    }

    /** @return what the two ceiling runs say about acknowledging deliveries in batches */
    private static String ackBatching(Results r) {
        Ceiling single = null;
        Ceiling batched = null;
        for (Ceiling c : r.ceilings) {
            if (c.name().startsWith("RabbitMQ persistent publish (confirmed)") && !c.name().equals(
                    RabbitMqCeiling.SAGA_SHAPE)) {
                if (c.name().contains("one ack per")) {
                    batched = c;
                } else {
                    single = c;
                }
            }
        }
        if (single == null || batched == null) {
            return "";
        }
        // One window each, on a shared host: the ratio is reported, not turned into a verdict.
        return String.format(" For acknowledging deliveries in batches (`multiple=true`): the broker's own ceiling"
                + " above ran at %,.0f messages/s with one acknowledgement per 16 deliveries against %,.0f with one"
                + " per delivery (%.2f×, one %s window each; rounds on this host vary by more than 1.3×, so only a"
                + " larger gap, repeated, would make batching the saga consumers' acknowledgements worth its"
                + " longer redelivery after a crash).", batched.operationsPerSecond(), single.operationsPerSecond(),
                batched.operationsPerSecond() / single.operationsPerSecond(), "3-s");
    }

    /** @return which server took the CPU outside the JVM, per saga and per message, or "" where unreadable */
    private static String serversText(DurableSagaBench.Outcome d, double rate, double serversMicros) {
        ServerCpu.Cores cores = d.serverCores();
        ServerCpu.Cores micros = cores.microsPerSaga(rate);
        double postgres = micros.postgres();
        double rabbit = micros.rabbit();
        if (Double.isNaN(postgres) || Double.isNaN(rabbit) || postgres + rabbit <= 0) {
            return "";
        }
        return String.format(" By process (`/proc/[pid]/stat`, user and system time): **PostgreSQL %,.0f CPU-µs a"
                + " saga** (%.2f cores; %,.0f µs per transaction it committed), **RabbitMQ %,.0f CPU-µs a saga**"
                + " (%.2f cores; %,.0f µs per message published and consumed), and %,.0f CPU-µs a saga elsewhere"
                + " (interrupts, the kernel's work not charged to a process, other processes).", postgres,
                cores.postgres(), postgres / d.transactionsPerSaga(), rabbit, cores.rabbit(),
                rabbit / d.messagesPerSaga(), Math.max(0, serversMicros - postgres - rabbit));
    }
}

package io.sagaflow.reliability;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos run: two orchestrators and three participants as separate JVMs over RabbitMQ and PostgreSQL, order
 * sagas started from an orders table, and a seeded schedule of {@code kill -9}s, broker and database restarts,
 * duplicated and poison messages; then the checks of {@link ChaosChecks} and the dead-letter queues.
 *
 * <p>{@code java -cp ... io.sagaflow.reliability.ChaosRun --sagas 10000 --minutes 5 [--seed n] [--rounds n]
 * [--quorum] [--doc docs/reliability.md]}; exits 1 when a check fails. Restarts the local PostgreSQL and RabbitMQ
 * (needs {@code pg_ctlcluster} and {@code rabbitmqctl}), so run nothing else against them meanwhile.
 *
 * @since 0.1
 */
public final class ChaosRun {
    private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);

    private ChaosRun() {
    }

    /**
     * The run's settings.
     *
     * @param sagas orders, hence sagas
     * @param window how long faults are injected; orders arrive during its first 80 %
     * @param seed the seed of the fault schedule and duplicates
     * @param rounds fault rounds: each kills every node once and restarts RabbitMQ and PostgreSQL once
     * @param duplicateFraction share of published messages sent twice
     * @param poisonFraction poison messages per saga
     * @param replyTimeout the saga steps' reply timeout
     * @param settleLimit the longest wait for every saga to end after the faults stopped
     * @param quorum quorum queues instead of classic ones
     * @since 0.1
     */
    record Options(int sagas, Duration window, long seed, int rounds, double duplicateFraction,
                          double poisonFraction, Duration replyTimeout, Duration settleLimit, boolean quorum) {
        /** @param args command-line arguments @return the options they set, defaults elsewhere */
        public static Options parse(String... args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i].replaceFirst("^--", "");
                boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
                values.put(name, flag ? "true" : args[++i]);
            }
            int minutes = Integer.parseInt(values.getOrDefault("minutes", "5"));
            return new Options(Integer.parseInt(values.getOrDefault("sagas", "10000")), Duration.ofMinutes(minutes),
                    Long.parseLong(values.getOrDefault("seed", Long.toString(System.nanoTime()))),
                    Integer.parseInt(values.getOrDefault("rounds", Integer.toString(Math.max(1, minutes)))), 0.10,
                    0.01, Duration.ofSeconds(20), Duration.ofMinutes(15),
                    Boolean.parseBoolean(values.getOrDefault("quorum", "false")));
        }
    }

    /**
     * @param args see the class comment
     * @throws Exception when the run cannot be set up
     */
    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String doc = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--doc")) {
                doc = args[i + 1];
            }
        }
        ChaosResult result = run(options, Path.of("target", "chaos"));
        String markdown = result.toMarkdown();
        System.out.println(markdown);
        if (doc != null) {
            DocSections.replace(Path.of(doc), "chaos", markdown);
        }
        System.exit(result.violations().isEmpty() ? 0 : 1);
    }

    /**
     * Runs the whole chaos run and cleans up its schemas and queues (unless a check failed: then the schemas stay
     * for inspection). PostgreSQL and RabbitMQ are running again when this returns, even when it throws.
     *
     * @param options the settings
     * @param logDirectory where each node incarnation writes its log
     * @return the figures and the checks that failed
     * @throws Exception when setting up fails
     */
    static ChaosResult run(Options options, Path logDirectory) throws Exception {
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        ChaosChecks.Schemas schemas = new ChaosChecks.Schemas("chaos_saga_" + suffix, "chaos_inventory_" + suffix,
                "chaos_payment_" + suffix, "chaos_notification_" + suffix);
        String prefix = "chaos-" + suffix;
        int poisonCount = (int) Math.max(1, Math.round(options.sagas() * options.poisonFraction()));
        FaultSchedule schedule = FaultSchedule.generate(options.seed(), options.window(), options.rounds(),
                poisonCount);
        log.info("chaos run seed {} ({} sagas, window {}, prefix {}, schemas *_{}); fault schedule:\n{}",
                options.seed(), options.sagas(), options.window(), prefix, suffix, schedule.toMarkdown());
        Poison poison = new Poison(prefix);
        List<String> queues = new ArrayList<>(FaultSchedule.PARTICIPANTS.stream().map(poison::commandQueue).toList());
        queues.add(poison.replyQueue());
        boolean keep = false;
        try (HikariDataSource db = Servers.pool("chaos-driver", 4);
             Nodes nodes = new Nodes(logDirectory.resolve(suffix))) {
            createSchemas(db, schemas);
            define(nodes, options, schemas, prefix);
            // Interrupted with Ctrl-C: take the node processes down too.
            Thread hook = new Thread(nodes::close, "chaos-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            nodes.startAll();
            nodes.watch();
            ChaosChecks checks = new ChaosChecks(db, schemas);
            long started = System.nanoTime();
            Thread orders = Thread.ofPlatform().name("chaos-orders").start(() -> insertOrders(db, schemas.saga(),
                    options.sagas(), options.window().multipliedBy(8).dividedBy(10)));
            FaultInjector faults = new FaultInjector(nodes, poison, options.seed());
            faults.apply(schedule, started);
            orders.join();
            long faultsStopped = System.nanoTime();
            long deadline = faultsStopped + options.settleLimit().toNanos();
            while (checks.settled() < options.sagas() && System.nanoTime() < deadline) {
                Servers.pause(Duration.ofSeconds(1));
            }
            long settled = System.nanoTime();
            // Let the relays mark their last rows sent and the duplicates of late replies arrive before checking.
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (schemas.all().stream().mapToLong(schema -> unsent(checks, schema)).sum() > 0
                    && System.nanoTime() < drainDeadline) {
                Servers.pause(Duration.ofMillis(500));
            }
            // A poison message injected near the end of the window may still be on its way to the dead-letter
            // queue (its consumer restarting after a kill) when every saga has ended: give it a bounded while.
            long poisonDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (queues.stream().anyMatch(q -> poison.count(q + ".dlq") < faults.expectedDeadLetters(q + ".dlq"))
                    && System.nanoTime() < poisonDeadline) {
                Servers.pause(Duration.ofMillis(250));
            }
            long[] publishedAndDuplicated = nodes.publishedAndDuplicated();
            Map<String, Poison.DeadLetters> deadLetters = new LinkedHashMap<>();
            for (String queue : queues) {
                deadLetters.put(queue + ".dlq", poison.drain(queue + ".dlq"));
            }
            List<String> violations = new ArrayList<>(checks.violations(options.sagas()));
            violations.addAll(faults.deadLetterViolations(deadLetters));
            if (checks.settled() < options.sagas()) {
                violations.add("only " + checks.settled() + " of " + options.sagas() + " sagas ended within "
                        + options.settleLimit() + " after the faults stopped");
            }
            keep = !violations.isEmpty();
            return new ChaosResult(options, schedule, checks.statusCounts(), checks.durations(),
                    Duration.ofNanos(faultsStopped - started), Duration.ofNanos(settled - faultsStopped),
                    Duration.ofNanos(settled - started), faults.applied(), nodes.selfDeaths(),
                    publishedAndDuplicated[0],
                    publishedAndDuplicated[1], checks.extraHandlerRuns(), deadLetters, violations);
        } finally {
            Servers.ensurePostgresUp();
            Servers.startRabbit();
            poison.deleteTopology(queues);
            if (!keep) {
                dropSchemas(schemas);
            } else {
                log.warn("checks failed: schemas *_{} kept for inspection", suffix);
            }
        }
    }

    private static long unsent(ChaosChecks checks, String schema) {
        try {
            return checks.unsent(schema);
        } catch (SQLException e) {
            throw new HarnessException("cannot count unsent outbox rows in " + schema, e);
        }
    }

    private static void define(Nodes nodes, Options options, ChaosChecks.Schemas schemas, String prefix) {
        String timeout = Long.toString(options.replyTimeout().toMillis());
        String duplicates = Double.toString(options.duplicateFraction());
        String quorum = Boolean.toString(options.quorum());
        for (int i = 1; i <= 2; i++) {
            nodes.define("orchestrator-" + i, List.of("orchestrator", "orchestrator-" + i, schemas.saga(), prefix,
                    timeout, duplicates, Long.toString(options.seed() + i), quorum));
        }
        Map<String, String> participantSchemas = Map.of("inventory", schemas.inventory(), "payment",
                schemas.payment(), "notification", schemas.notification());
        for (String participant : FaultSchedule.PARTICIPANTS) {
            nodes.define(participant, List.of(participant, participant, participantSchemas.get(participant), prefix,
                    timeout, duplicates, Long.toString(options.seed() + participant.hashCode()), quorum));
        }
    }

    private static void createSchemas(HikariDataSource db, ChaosChecks.Schemas s) throws SQLException {
        List<String> statements = new ArrayList<>();
        s.all().forEach(schema -> statements.add("CREATE SCHEMA " + schema));
        statements.add("CREATE TABLE " + s.saga() + ".orders (n BIGINT PRIMARY KEY, order_id VARCHAR(50) NOT NULL,"
                + " started BOOLEAN NOT NULL DEFAULT FALSE)");
        statements.add("CREATE INDEX orders_waiting ON " + s.saga() + ".orders (n) WHERE NOT started");
        statements.addAll(List.of(Shop.inventoryTables(s.inventory())));
        statements.addAll(List.of(Shop.paymentTables(s.payment())));
        statements.addAll(List.of(Shop.notificationTables(s.notification())));
        try (Connection c = db.getConnection(); Statement statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static void dropSchemas(ChaosChecks.Schemas s) {
        try (HikariDataSource db = Servers.pool("chaos-cleanup", 1); Connection c = db.getConnection();
             Statement statement = c.createStatement()) {
            for (String schema : s.all()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new HarnessException("cannot drop the chaos run's schemas " + s, e);
        }
    }

    /** Inserts the orders at an even rate over the given time, retrying through database restarts. */
    private static void insertOrders(HikariDataSource db, String schema, int sagas, Duration over) {
        int batch = 20;
        long interval = over.toNanos() / Math.max(1, (sagas + batch - 1) / batch);
        long start = System.nanoTime();
        AtomicLong next = new AtomicLong();
        while (next.get() < sagas) {
            long due = start + (next.get() / batch) * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Servers.pause(Duration.ofNanos(wait));
            }
            try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema
                    + ".orders (n, order_id) VALUES (?, ?) ON CONFLICT (n) DO NOTHING")) {
                long first = next.get();
                for (long n = first; n < Math.min(sagas, first + batch); n++) {
                    ps.setLong(1, n);
                    ps.setString(2, Shop.order(n).orderId());
                    ps.addBatch();
                }
                ps.executeBatch();
                next.set(Math.min(sagas, first + batch));
            } catch (SQLException e) {
                log.warn("inserting orders failed (database restarting?), trying again: {}", e.toString());
                Servers.pause(Duration.ofMillis(500));
            }
        }
        log.info("all {} orders inserted", sagas);
    }
}

package io.sagaflow.reliability;

import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaId;
import io.sagaflow.jdbc.JdbcHousekeeper;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.spi.support.OutboxRelay;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak run: the order saga over RabbitMQ and PostgreSQL in one process (orchestrator and three participants,
 * each with its own pool, broker connection and schema), first at full speed to measure the maximum throughput,
 * then with open-loop arrivals at half of it for the given time, sampling heap after GC, throughput, latency
 * percentiles and table sizes every 10 s, with the housekeeper's retention set to one minute.
 *
 * <p>{@code java -cp ... io.sagaflow.reliability.SoakRun [--minutes 10] [--calibrate-seconds 60]
 * [--doc docs/reliability.md] [--chart docs/images/soak.svg]}.
 *
 * @since 0.1
 */
public final class SoakRun implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SoakRun.class);
    static final Duration RETENTION = Duration.ofMinutes(1);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ChaosChecks.Schemas schemas;
    private final HikariDataSource orchestratorDb;
    private final List<JdbcParticipantInbox> inboxes = new ArrayList<>();
    private final SagaEngine engine;
    private final SagaDefinition<Shop.Order> definition = Shop.definition(Duration.ofSeconds(30));
    private final AtomicLong nextOrder = new AtomicLong();
    private final String prefix;

    private SoakRun(String suffix) throws Exception {
        schemas = new ChaosChecks.Schemas("soak_saga_" + suffix, "soak_inventory_" + suffix, "soak_payment_"
                + suffix, "soak_notification_" + suffix);
        prefix = "soak-" + suffix;
        orchestratorDb = add(Servers.pool("soak-orchestrator", 10));
        try (Connection c = orchestratorDb.getConnection(); Statement statement = c.createStatement()) {
            for (String schema : schemas.all()) {
                statement.execute("CREATE SCHEMA " + schema);
            }
            for (String[] tables : List.of(Shop.inventoryTables(schemas.inventory()),
                    Shop.paymentTables(schemas.payment()), Shop.notificationTables(schemas.notification()))) {
                for (String sql : tables) {
                    statement.execute(sql);
                }
            }
        }
        JdbcSagaStore store = add(JdbcSagaStore.builder(orchestratorDb).schema(schemas.saga()).createSchema(true)
                .build());
        JdbcHousekeeper.Builder housekeeper = JdbcHousekeeper.builder().store(store).retention(RETENTION)
                .interval(Duration.ofSeconds(10));
        Map<String, BiFunction<JdbcParticipantInbox, String, Participant>> participants = new LinkedHashMap<>();
        participants.put(schemas.inventory(), Shop::inventory);
        participants.put(schemas.payment(), Shop::payment);
        participants.put(schemas.notification(), Shop::notification);
        for (Map.Entry<String, BiFunction<JdbcParticipantInbox, String, Participant>> p : participants.entrySet()) {
            HikariDataSource db = add(Servers.pool("soak-" + p.getKey(), 8));
            RabbitMqMessageBroker broker = add(new RabbitMqMessageBroker(Servers.rabbit(prefix, false)));
            JdbcParticipantInbox inbox = add(JdbcParticipantInbox.builder(db).schema(p.getKey()).createSchema(true)
                    .build());
            inboxes.add(inbox);
            housekeeper.inbox(inbox);
            Participant participant = p.getValue().apply(inbox, p.getKey());
            add(ParticipantRuntime.builder().broker(broker).inbox(inbox).participant(participant).build()).start();
            add(new OutboxRelay(participant.name(), inbox.outbox(), broker, 100, Duration.ofMillis(500))).start();
        }
        add(housekeeper.build()).start();
        RabbitMqMessageBroker broker = add(new RabbitMqMessageBroker(Servers.rabbit(prefix, false)));
        engine = add(SagaEngine.builder().store(store).broker(broker).register(definition)
                .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(200)).build()).build());
        engine.start();
    }

    private <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * @param args see the class comment
     * @throws Exception when the run cannot be set up
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Duration duration = Duration.ofMinutes(Long.parseLong(options.getOrDefault("minutes", "10")));
        Duration calibration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("calibrate-seconds", "60")));
        String suffix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        SoakResult result;
        try (SoakRun run = new SoakRun(suffix)) {
            double max = run.maxThroughput(calibration);
            log.info("maximum throughput {} sagas/s; soaking at half of it for {}", String.format("%.1f", max),
                    duration);
            result = new SoakSampler(run.engine, run.definition, run.nextOrder, run.orchestratorDb, run.schemas)
                    .soak(max, Math.max(0.5, max / 2), duration);
        }
        String markdown = result.toMarkdown();
        System.out.println(markdown);
        String chart = options.get("chart");
        if (chart != null) {
            java.nio.file.Files.writeString(Path.of(chart), result.chart());
        }
        String doc = options.get("doc");
        if (doc != null) {
            DocSections.replace(Path.of(doc), "soak", markdown);
        }
    }

    /** Runs sagas closed-loop (a bounded number in flight) for the given time; @return sagas settled per second */
    private double maxThroughput(Duration time) throws InterruptedException {
        Semaphore inFlight = new Semaphore(200);
        AtomicLong settled = new AtomicLong();
        long end = System.nanoTime() + time.toNanos();
        long warmUp = System.nanoTime() + time.toNanos() / 4;
        long countedFrom = 0;
        boolean counting = false;
        try (ExecutorService starters = Executors.newFixedThreadPool(4)) {
            while (System.nanoTime() < end) {
                if (!counting && System.nanoTime() > warmUp) {
                    countedFrom = settled.get();
                    counting = true;
                }
                inFlight.acquire();
                starters.execute(() -> {
                    Shop.Order order = Shop.order(nextOrder.getAndIncrement());
                    SagaId id = engine.startSaga(definition, order, order.orderId());
                    engine.whenSettled(id).whenComplete((saga, failure) -> {
                        settled.incrementAndGet();
                        inFlight.release();
                    });
                });
            }
            long counted = settled.get() - countedFrom;
            double seconds = (time.toNanos() - (warmUp - (end - time.toNanos()))) / 1e9;
            inFlight.acquire(200);
            inFlight.release(200);
            return counted / seconds;
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        Poison topology = new Poison(prefix);
        List<String> queues = new ArrayList<>(FaultSchedule.PARTICIPANTS.stream().map(topology::commandQueue)
                .toList());
        queues.add(topology.replyQueue());
        topology.deleteTopology(queues);
        try (HikariDataSource db = Servers.pool("soak-cleanup", 1); Connection c = db.getConnection();
             Statement statement = c.createStatement()) {
            for (String schema : schemas.all()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}

package io.sagaflow.reliability;

import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.spi.support.OutboxRelay;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the chaos run: an orchestrator or one participant, over RabbitMQ and PostgreSQL, running until
 * killed. {@link ChaosRun} starts, kills and restarts these with {@code java -cp ... ChaosNode ...}.
 *
 * <p>Arguments: {@code <role> <name> <schema> <rabbit prefix> <reply timeout ms> <duplicate fraction> <seed>
 * <quorum>}, where role is {@code orchestrator}, {@code inventory}, {@code payment} or {@code notification}. An
 * orchestrator starts a saga for every order the driver inserted into its schema's {@code orders} table, once
 * per order (the business key), so a restarted one just continues. Every two seconds a node prints
 * {@code STATS published=<n> duplicated=<n>} for the driver.
 *
 * @since 0.1
 */
public final class ChaosNode {
    private static final Logger log = LoggerFactory.getLogger(ChaosNode.class);
    static final String STATS = "STATS ";
    private static final int CLAIM_BATCH = 50;

    private ChaosNode() {
    }

    /**
     * @param args see the class comment
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception | Error e) {
            // Pools, relays and broker connections hold non-daemon threads: without an exit, a node whose start
            // failed (a subscription refused during a broker restart) would stay alive and consume nothing.
            log.error("node {} failed, exiting so that it is restarted", String.join(" ", args), e);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String role = args[0];
        String name = args[1];
        String schema = args[2];
        String prefix = args[3];
        Duration timeout = Duration.ofMillis(Long.parseLong(args[4]));
        double duplicates = Double.parseDouble(args[5]);
        long seed = Long.parseLong(args[6]);
        boolean quorum = Boolean.parseBoolean(args[7]);

        // Started while a server restarts: wait for it (the driver restarts a node that dies anyway).
        for (int i = 0; i < 120 && !(Servers.postgresUp() && Servers.rabbitUp()); i++) {
            Servers.pause(Duration.ofMillis(500));
        }
        HikariDataSource pool = Servers.pool(name, 8);
        DuplicatingBroker broker = new DuplicatingBroker(
                new RabbitMqMessageBroker(Servers.rabbit(prefix, quorum)), duplicates, seed);
        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor();
        stats.scheduleAtFixedRate(() -> System.out.println(STATS + "published=" + broker.published()
                + " duplicated=" + broker.duplicated()), 2, 2, TimeUnit.SECONDS);
        if (role.equals("orchestrator")) {
            runOrchestrator(name, schema, timeout, pool, broker);
        } else {
            runParticipant(role, schema, pool, broker);
        }
    }

    private static void runParticipant(String role, String schema, HikariDataSource pool, DuplicatingBroker broker)
            throws InterruptedException {
        JdbcParticipantInbox inbox = JdbcParticipantInbox.builder(pool).schema(schema).createSchema(true).build();
        Map<String, Function<JdbcParticipantInbox, Participant>> participants = Map.of(
                "inventory", i -> Shop.inventory(i, schema),
                "payment", i -> Shop.payment(i, schema),
                "notification", i -> Shop.notification(i, schema));
        Participant participant = participants.get(role).apply(inbox);
        new OutboxRelay(role, inbox.outbox(), broker, 100, Duration.ofMillis(500)).start();
        ParticipantRuntime.builder().broker(broker).inbox(inbox).participant(participant).build().start();
        log.info("participant {} running on schema {}", role, schema);
        Thread.currentThread().join();
    }

    private static void runOrchestrator(String name, String schema, Duration timeout, HikariDataSource pool,
                                        DuplicatingBroker broker) {
        JdbcSagaStore store = JdbcSagaStore.builder(pool).schema(schema).createSchema(true).build();
        SagaDefinition<Shop.Order> definition = Shop.definition(timeout);
        SagaEngine engine = SagaEngine.builder().store(store).broker(broker).register(definition)
                .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(200)).build()).build();
        engine.start();
        log.info("orchestrator {} running on schema {}", name, schema);
        while (true) {
            try {
                if (startWaitingOrders(pool, schema, engine, definition) == 0) {
                    Servers.pause(Duration.ofMillis(100));
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("orchestrator {}: starting sagas failed, trying again: {}", name, e.toString());
                Servers.pause(Duration.ofMillis(500));
            }
        }
    }

    /** Claims waiting orders, starts their sagas (once per order id) and marks them started, in one transaction. */
    private static int startWaitingOrders(HikariDataSource pool, String schema, SagaEngine engine,
                                          SagaDefinition<Shop.Order> definition) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Long> claimed = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT n FROM " + schema + ".orders WHERE NOT started"
                        + " ORDER BY n LIMIT " + CLAIM_BATCH + " FOR UPDATE SKIP LOCKED");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(rs.getLong(1));
                    }
                }
                for (long n : claimed) {
                    Shop.Order order = Shop.order(n);
                    engine.startSaga(definition, order, order.orderId());
                }
                if (!claimed.isEmpty()) {
                    Array numbers = c.createArrayOf("bigint", claimed.toArray());
                    try (PreparedStatement ps = c.prepareStatement("UPDATE " + schema + ".orders SET started = TRUE"
                            + " WHERE n = ANY(?)")) {
                        ps.setArray(1, numbers);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return claimed.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

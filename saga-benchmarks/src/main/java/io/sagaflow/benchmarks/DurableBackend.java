package io.sagaflow.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.Subscription;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL and RabbitMQ for one durable run: a HikariCP pool on database {@code test} with a schema of its own
 * ({@code synchronous_commit = on}), and a RabbitMQ prefix of its own. {@link #close()} drops the schema and deletes
 * every queue and exchange the run's brokers declared, so runs can go on next to other users of both servers.
 */
final class DurableBackend implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DurableBackend.class);
    static final int POOL_SIZE = 16;
    /** Consumers per RabbitMQ subscription; the adapter's default unless {@code -Dbench.consumers=N}. */
    static final int CONSUMERS = Integer.getInteger("bench.consumers", 16);
    /** The AMQP client's socket mode: NIO (the adapter's default) unless {@code -Dbench.nio=false}. */
    static final boolean NIO = Boolean.parseBoolean(System.getProperty("bench.nio", "true"));

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final String schema = "bench_" + suffix;
    private final String prefix = "bench-" + suffix;
    private final HikariDataSource dataSource;
    private final List<JdbcSagaStore> stores = new ArrayList<>();
    private final Set<String> queues = ConcurrentHashMap.newKeySet();

    DurableBackend() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresCeiling.URL);
        config.setUsername("postgres");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName("bench-" + suffix);
        config.setConnectionInitSql("SET synchronous_commit = on");
        this.dataSource = new HikariDataSource(config);
    }

    static boolean reachable() {
        return PostgresCeiling.reachable() && RabbitMqCeiling.reachable();
    }

    /** @return a store on this run's schema; every store of this backend shares the same tables */
    SagaStore newStore() {
        // -Dsagaflow.bench.hand-over=false: relays claim every message from the table, for comparisons by hand.
        JdbcSagaStore store = JdbcSagaStore.builder(dataSource).schema(schema).createSchema(true)
                .handOverOnCommit(Boolean.parseBoolean(System.getProperty("sagaflow.bench.hand-over", "true")))
                .build();
        stores.add(store);
        return store;
    }

    /** @return a broker on this run's prefix, remembering the queues it subscribes to for {@link #close()} */
    MessageBroker newBroker() {
        RabbitMqMessageBroker broker = new RabbitMqMessageBroker(RabbitMqSettings.builder()
                .host(RabbitMqCeiling.HOST).port(RabbitMqCeiling.PORT).credentials("guest", "guest")
                .prefix(prefix).consumersPerSubscription(CONSUMERS).connectionName("sagaflow-bench").nio(NIO).build());
        return new MessageBroker() {
            @Override
            public void publish(List<Envelope> messages) {
                broker.publish(messages);
            }

            @Override
            public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
                queues.add(prefix + "." + destination.kind().name().toLowerCase(java.util.Locale.ROOT) + "."
                        + destination.name() + "." + group);
                return broker.subscribe(destination, group, handler);
            }

            @Override
            public void close() {
                broker.close();
            }
        };
    }

    /**
     * @return transactions committed in the whole database so far ({@code pg_stat_database.xact_commit}), after
     *     closing this pool's idle connections so their server processes report what they counted (a backend that
     *     stays idle reports its counts up to 10 s late). Counts every client of the database, so other users of the
     *     server add to it.
     */
    long committedTransactions() throws SQLException, InterruptedException {
        dataSource.getHikariPoolMXBean().softEvictConnections();
        long previous = -1;
        for (int i = 0; i < 20; i++) {
            long now;
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(PostgresCeiling.URL,
                    "postgres", null);
                 Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = statement.executeQuery("SELECT xact_commit FROM pg_stat_database"
                        + " WHERE datname = current_database()")) {
                    rs.next();
                    now = rs.getLong(1);
                }
            }
            if (now == previous) {
                return now;
            }
            previous = now;
            Thread.sleep(250); // until the evicted backends' exit reports have landed
        }
        return previous;
    }

    /**
     * @return rows inserted and updated per table of this run's schema so far (pg_stat_user_tables, flushed first):
     *     how many store writes the engine did
     */
    Map<String, long[]> tableWrites() throws SQLException {
        Map<String, long[]> writes = new LinkedHashMap<>();
        try (java.sql.Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
            try (ResultSet rows = statement.executeQuery("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del"
                    + " FROM pg_stat_user_tables WHERE schemaname = '" + schema + "' ORDER BY relname")) {
                while (rows.next()) {
                    writes.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3), rows.getLong(4)});
                }
            }
        }
        return writes;
    }

    @Override
    public void close() {
        stores.forEach(JdbcSagaStore::close);
        try (java.sql.Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            log.error("could not drop benchmark schema {}: drop it by hand", schema, e);
        } finally {
            dataSource.close();
        }
        deleteRabbitMqTopology();
    }

    private void deleteRabbitMqTopology() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RabbitMqCeiling.HOST);
        factory.setPort(RabbitMqCeiling.PORT);
        factory.setUsername("guest");
        factory.setPassword("guest");
        try (Connection connection = factory.newConnection("sagaflow-bench-cleanup");
             Channel channel = connection.createChannel()) {
            for (String queue : queues) {
                channel.queueDelete(queue);
                channel.queueDelete(queue + ".dlq");
            }
            for (String exchange : List.of("commands", "replies", "events", "dlx")) {
                channel.exchangeDelete(prefix + "." + exchange);
            }
        } catch (Exception e) {
            log.error("could not delete benchmark queues with prefix {}: delete them by hand", prefix, e);
        }
    }
}

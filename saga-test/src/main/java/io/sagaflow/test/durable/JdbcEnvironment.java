package io.sagaflow.test.durable;

import io.sagaflow.SagaStoreException;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.test.InMemoryEnvironment;
import io.sagaflow.test.SagaTestEnvironment;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Runs the harness with the JDBC saga store and participant inbox, over the in-memory broker: each harness gets a new
 * PostgreSQL schema ({@code sftest_<name>_<random>}) or a new H2 file in a temporary directory, dropped or deleted on
 * close. Crashes then go through real transactions, and duplicate commands through the real inbox.
 *
 * <p>The no-argument constructor uses PostgreSQL at {@code sagaflow.test.postgresql.url} (system property, or
 * {@code SAGAFLOW_TEST_POSTGRESQL_URL}; default {@value #DEFAULT_URL}), user {@code sagaflow.test.postgresql.user}
 * (default {@code postgres}) and password {@code sagaflow.test.postgresql.password} (default empty);
 * {@link H2} needs no server. Needs saga-jdbc, HikariCP and the JDBC driver on the test class path.
 *
 * <pre>{@code
 * @SagaTest(environment = JdbcEnvironment.class)     // or JdbcEnvironment.H2.class
 * class PlaceOrderOnPostgresTest { ... }
 * }</pre>
 *
 * <p>Thread-safe. {@link #create} throws {@link SagaStoreException} when the database cannot be reached.
 *
 * @since 0.1
 */
public class JdbcEnvironment implements SagaTestEnvironment.Factory {
    /** The PostgreSQL database used unless configured otherwise. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String url;
    private final String user;
    private final String password;

    /** Uses the configured PostgreSQL database (default {@value #DEFAULT_URL}, user postgres). */
    public JdbcEnvironment() {
        this(Settings.value("sagaflow.test.postgresql.url", DEFAULT_URL),
                Settings.value("sagaflow.test.postgresql.user", "postgres"),
                Settings.value("sagaflow.test.postgresql.password", ""));
    }

    /**
     * @param url a PostgreSQL JDBC URL, or an H2 one with {@code h2:} (then {@link H2} is simpler)
     * @param user the user, allowed to create and drop schemas
     * @param password the password; never logged
     */
    public JdbcEnvironment(String url, String user, String password) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = Objects.requireNonNull(user, "user");
        this.password = Objects.requireNonNull(password, "password");
    }

    @Override
    public SagaTestEnvironment create(String name) {
        Deque<DurableEnvironment.CleanUp> cleanUps = new ArrayDeque<>();
        InMemoryMessageBroker broker = new InMemoryMessageBroker(InMemoryEnvironment.DEFAULT_MAX_DELIVERIES,
                InMemoryEnvironment.DEFAULT_REDELIVERY_DELAY, 2);
        cleanUps.add(broker::close);
        return withCleanUp(cleanUps, "JDBC environment " + name, () -> {
            Database database = database(name, cleanUps);
            return new DurableEnvironment("JDBC environment " + describe(database), broker,
                    store(database, cleanUps),
                    wrapped -> DrainingInbox.create(database.dataSource(), database.schema(), wrapped, cleanUps),
                    cleanUps);
        });
    }

    /** Makes this factory's database for one harness. */
    Database database(String name, Deque<DurableEnvironment.CleanUp> cleanUps) throws SQLException, IOException {
        return Database.postgres(url, user, password, name, cleanUps);
    }

    static JdbcSagaStore store(Database database, Deque<DurableEnvironment.CleanUp> cleanUps) {
        JdbcSagaStore.Builder builder = JdbcSagaStore.builder(database.dataSource()).createSchema(true).listen(false);
        if (database.schema() != null) {
            builder.schema(database.schema());
        }
        JdbcSagaStore store = builder.build();
        cleanUps.add(store::close);
        return store;
    }

    static String describe(Database database) {
        return database.schema() == null ? "H2 " + database.dataSource().getJdbcUrl()
                : "PostgreSQL schema " + database.schema();
    }

    /** Runs a setup; if it fails, cleans up what was made so far and throws. */
    static SagaTestEnvironment withCleanUp(Deque<DurableEnvironment.CleanUp> cleanUps, String what, Setup setup) {
        try {
            return setup.run();
        } catch (Exception e) {
            SagaStoreException failure = new SagaStoreException("cannot set up " + what + ": " + e.getMessage(), e);
            try {
                DurableEnvironment.runAll(cleanUps, what);
            } catch (RuntimeException cleanUpFailure) {
                failure.addSuppressed(cleanUpFailure);
            }
            throw failure;
        }
    }

    /** A setup step that may fail. */
    @FunctionalInterface
    interface Setup {
        SagaTestEnvironment run() throws Exception;
    }

    /**
     * The same on H2: a new database file in a temporary directory per harness, deleted on close. Needs no server.
     *
     * @since 0.1
     */
    public static final class H2 extends JdbcEnvironment {
        /** Creates the factory. */
        public H2() {
            super("jdbc:h2:", "sa", "");
        }

        @Override
        Database database(String name, Deque<DurableEnvironment.CleanUp> cleanUps) throws IOException {
            return Database.h2(name, cleanUps);
        }
    }
}

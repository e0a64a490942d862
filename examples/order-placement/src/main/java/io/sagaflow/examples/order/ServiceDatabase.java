package io.sagaflow.examples.order;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.SagaException;
import io.sagaflow.SagaStoreException;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.jdbc.TransactionCallback;
import io.sagaflow.jdbc.TransactionRunner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * One service's own database: database per service. Embedded mode gives every service an H2 database in files of
 * its own under {@code demo.data-dir}; distributed mode gives it a PostgreSQL schema of its own on the server named
 * by {@code demo.db.url} ({@code demo.db.schema-prefix} + the service name).
 *
 * <p>Thread-safe (a connection pool). Closing it closes the pool.
 *
 * @param service the service that owns the database
 * @param dataSource its pool
 * @param schema the PostgreSQL schema, or null for an H2 database of its own
 */
record ServiceDatabase(String service, DataSource dataSource, @Nullable String schema)
        implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /**
     * Opens the service's database as the environment says.
     *
     * @param environment the application's settings
     * @param service the service, e.g. {@code inventory}
     * @return the open database
     * @throws SagaStoreException if the PostgreSQL schema cannot be created
     */
    static ServiceDatabase open(Environment environment, String service) {
        String url = environment.getProperty("demo.db.url", "");
        HikariConfig config = new HikariConfig();
        config.setPoolName(service);
        config.setMaximumPoolSize(environment.getProperty("demo.db.pool-size", Integer.class, 5));
        if (url.isBlank()) {
            Path directory = Path.of(environment.getProperty("demo.data-dir", "target/order-placement-data"));
            config.setJdbcUrl("jdbc:h2:file:" + directory.toAbsolutePath().resolve(service) + ";MODE=PostgreSQL");
            config.setUsername("sa");
            return new ServiceDatabase(service, new HikariDataSource(config), null);
        }
        String schema = environment.getProperty("demo.db.schema-prefix", "") + service;
        if (!NAME.matcher(schema).matches()) {
            throw new SagaException("service " + service + ": schema name '" + schema
                    + "' is not a plain lower-case SQL name; check demo.db.schema-prefix");
        }
        config.setJdbcUrl(url);
        config.setUsername(environment.getProperty("demo.db.username", "postgres"));
        config.setPassword(environment.getProperty("demo.db.password", ""));
        config.setSchema(schema);
        config.setInitializationFailTimeout(-1); // the schema is created below, once the pool can connect
        HikariDataSource pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        } catch (SQLException e) {
            pool.close();
            throw new SagaStoreException("service " + service + ": cannot create schema " + schema + " on " + url, e);
        }
        return new ServiceDatabase(service, pool, schema);
    }

    /** Runs DDL and other work in one transaction of this database. */
    <T> T inTransaction(TransactionCallback<T> work) {
        try {
            return TransactionRunner.of(dataSource).inTransaction(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SagaStoreException("service " + service + ": database work failed", e);
        }
    }

    /** @param createSchema whether to create Sagaflow's tables @return the service's participant inbox */
    JdbcParticipantInbox inbox(boolean createSchema) {
        JdbcParticipantInbox.Builder builder = JdbcParticipantInbox.builder(dataSource).createSchema(createSchema);
        return (schema == null ? builder : builder.schema(schema)).build();
    }

    /** @param createSchema whether to create Sagaflow's tables @return a saga store in this database */
    JdbcSagaStore sagaStore(boolean createSchema) {
        JdbcSagaStore.Builder builder = JdbcSagaStore.builder(dataSource).createSchema(createSchema);
        return (schema == null ? builder : builder.schema(schema)).build();
    }

    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource pool) {
            pool.close();
        }
    }
}

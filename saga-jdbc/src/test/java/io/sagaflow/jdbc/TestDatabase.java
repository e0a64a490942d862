package io.sagaflow.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A pooled database for one test class: PostgreSQL (the test server) or an H2 file in a temporary directory. Hands
 * out uniquely named schemas and drops them all on close, so tests of several modules can share the server.
 */
final class TestDatabase implements AutoCloseable {
    final HikariDataSource dataSource;
    final JdbcDialect dialect;
    final String url;
    private final List<String> schemas = new ArrayList<>();

    private TestDatabase(String url, String user, JdbcDialect dialect, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("test-" + dialect.name().toLowerCase(java.util.Locale.ROOT));
        this.dataSource = new HikariDataSource(config);
        this.dialect = dialect;
        this.url = url;
    }

    static TestDatabase postgres() {
        return postgres(12);
    }

    static TestDatabase postgres(int poolSize) {
        return new TestDatabase(RequiresPostgres.URL, RequiresPostgres.USER, JdbcDialect.POSTGRESQL, poolSize);
    }

    static TestDatabase h2(Path directory, String name) {
        return new TestDatabase("jdbc:h2:file:" + directory.toAbsolutePath().resolve(name) + ";MODE=PostgreSQL",
                "sa", JdbcDialect.H2, 12);
    }

    /** @return a new, empty schema named {@code sagaflow_test_<random>}, dropped on close */
    String newSchema() {
        String schema = "sagaflow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        synchronized (schemas) {
            schemas.add(schema);
        }
        return schema;
    }

    void execute(String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + e.getMessage(), e);
        }
    }

    long count(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    JdbcSagaStore store(String schema) {
        return JdbcSagaStore.builder(dataSource).schema(schema).createSchema(true).build();
    }

    JdbcParticipantInbox inbox(String schema) {
        return JdbcParticipantInbox.builder(dataSource).schema(schema).createSchema(true).build();
    }

    @Override
    public void close() {
        try {
            synchronized (schemas) {
                for (String schema : schemas) {
                    execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        } finally {
            dataSource.close();
        }
    }
}

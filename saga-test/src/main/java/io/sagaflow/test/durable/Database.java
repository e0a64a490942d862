package io.sagaflow.test.durable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One harness's database: a new schema in PostgreSQL, or a new H2 file in a temporary directory, with a small pool
 * on it; its clean-up closes the pool and drops the schema or deletes the directory.
 *
 * @param dataSource the pool
 * @param schema the schema Sagaflow's tables go in, or null for H2's default
 */
record Database(HikariDataSource dataSource, @Nullable String schema) {
    private static final int POOL_SIZE = 6;

    /** Creates a schema {@code sftest_<name>_<random>} and a pool whose connections use it. */
    static Database postgres(String url, String user, String password, String name,
                             Deque<DurableEnvironment.CleanUp> cleanUps) throws SQLException {
        String schema = ("sftest_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        if (schema.length() > 60) {
            schema = schema.substring(0, 50) + schema.substring(schema.length() - 9);
        }
        String created = schema;
        execute(url, user, password, "CREATE SCHEMA " + created);
        cleanUps.add(() -> execute(url, user, password, "DROP SCHEMA IF EXISTS " + created + " CASCADE"));
        HikariConfig config = config(url, user, password, "sftest-" + created);
        config.setSchema(created);
        HikariDataSource pool = new HikariDataSource(config);
        cleanUps.add(pool::close);
        return new Database(pool, created);
    }

    /** Creates an H2 database file in a new temporary directory. */
    static Database h2(String name, Deque<DurableEnvironment.CleanUp> cleanUps) throws IOException {
        Path directory = Files.createTempDirectory("sftest-h2-");
        cleanUps.add(() -> deleteRecursively(directory));
        HikariDataSource pool = new HikariDataSource(config("jdbc:h2:file:" + directory.resolve("db").toAbsolutePath()
                + ";MODE=PostgreSQL", "sa", "", "sftest-h2-" + name));
        cleanUps.add(pool::close);
        return new Database(pool, null);
    }

    private static HikariConfig config(String url, String user, String password, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName(poolName.length() > 60 ? poolName.substring(0, 60) : poolName);
        return config;
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package io.sagaflow.jdbc;

import io.sagaflow.SagaException;
import io.sagaflow.SagaStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned schema scripts shipped in this jar ({@code io/sagaflow/jdbc/<dialect>/V<n>__sagaflow.sql})
 * that a database has not seen yet, and records each in the {@code <prefix>schema_version} table. Two processes
 * starting at once are serialised (PostgreSQL: a transaction-scoped advisory lock; H2: a JVM lock, since an
 * embedded H2 database belongs to one process).
 */
final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Object H2_LOCK = new Object();

    private SchemaMigrator() {
    }

    /** @return the version of the newest script for the dialect */
    static int latestVersion(JdbcDialect dialect) {
        int version = 0;
        while (script(dialect, version + 1) != null) {
            version++;
        }
        return version;
    }

    /**
     * Loads a script with its placeholders replaced.
     *
     * @return the SQL text, or null if there is no script of that version
     */
    static @Nullable String script(JdbcDialect dialect, int version, TableNames tables) {
        String text = script(dialect, version);
        if (text == null) {
            return null;
        }
        for (Map.Entry<String, String> placeholder : tables.placeholders().entrySet()) {
            text = text.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
        }
        return text;
    }

    private static @Nullable String script(JdbcDialect dialect, int version) {
        String path = dialect.scriptFolder() + "V" + version + "__sagaflow.sql";
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SagaStoreException("cannot read schema script " + path, e);
        }
    }

    static void migrate(TransactionRunner transactions, JdbcDialect dialect, TableNames tables) {
        if (dialect == JdbcDialect.H2) {
            synchronized (H2_LOCK) {
                migrateLocked(transactions, dialect, tables);
            }
        } else {
            migrateLocked(transactions, dialect, tables);
        }
    }

    private static void migrateLocked(TransactionRunner transactions, JdbcDialect dialect, TableNames tables) {
        int latest = latestVersion(dialect);
        Sql.inTransaction(transactions, "cannot create or upgrade the Sagaflow tables " + tables, c -> {
            try (Statement statement = c.createStatement()) {
                if (dialect == JdbcDialect.POSTGRESQL) {
                    statement.execute("SELECT pg_advisory_xact_lock(" + tables.schemaVersion().hashCode() + ")");
                }
                if (tables.schema() != null) {
                    statement.execute("CREATE SCHEMA IF NOT EXISTS " + tables.schema());
                }
                statement.execute("CREATE TABLE IF NOT EXISTS " + tables.schemaVersion()
                        + " (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                        + " applied_at BIGINT NOT NULL)");
            }
            int current = currentVersion(c, tables);
            for (int version = current + 1; version <= latest; version++) {
                apply(c, dialect, tables, version);
            }
            if (current >= latest) {
                log.debug("Sagaflow tables {} are at schema version {}", tables, current);
            }
            return null;
        });
    }

    private static int currentVersion(Connection c, TableNames tables) throws SQLException {
        try (Statement statement = c.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM " + tables.schemaVersion())) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, JdbcDialect dialect, TableNames tables, int version) throws SQLException {
        String text = script(dialect, version, tables);
        if (text == null) {
            throw new SagaException("schema script V" + version + " for " + dialect + " is missing from the jar");
        }
        try (Statement statement = c.createStatement()) {
            for (String sql : statements(text)) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + tables.schemaVersion()
                + " (version, description, applied_at) VALUES (?, ?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, "V" + version + "__sagaflow.sql");
            insert.setLong(3, Sql.nanos(Instant.now()));
            insert.executeUpdate();
        }
        log.info("Sagaflow tables {}: applied schema version {} ({})", tables, version, dialect);
    }

    /** Splits a script into statements: drops {@code --} comment lines, splits on a {@code ;} ending a line. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}

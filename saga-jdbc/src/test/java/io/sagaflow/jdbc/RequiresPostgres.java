package io.sagaflow.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks that the test PostgreSQL server answers before a test class runs: when it does not, the class fails if
 * the environment says {@code CI=true}, and is skipped elsewhere with a message on how to start the server.
 */
final class RequiresPostgres implements BeforeAllCallback {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeAvailable();
    }

    /** Fails (CI) or skips the calling test when the server does not answer. */
    static void assumeAvailable() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("connectTimeout", "3");
        try (Connection connection = DriverManager.getConnection(URL, properties)) {
            connection.isValid(3);
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at 127.0.0.1:5432 (database 'test', user 'postgres'): "
                    + e.getMessage() + ". Start it with: pg_ctlcluster --skip-systemctl-redirect "
                    + "$(ls /etc/postgresql) main start";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message, e);
            }
            Assumptions.abort(message);
        }
    }
}

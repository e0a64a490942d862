package io.sagaflow.examples.order;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when PostgreSQL (127.0.0.1:5432, user postgres, database test) and RabbitMQ (127.0.0.1:5672)
 * answer. When one does not: under {@code CI=true} the class fails, elsewhere it is skipped with how to start it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgresAndRabbitMq.Condition.class)
@interface RequiresPostgresAndRabbitMq {
    String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    /** Checks both servers once per class. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            // Other test suites restart the servers now and then: give a restarting server a few seconds.
            String[] missing = new String[1];
            try {
                Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                        .until(() -> (missing[0] = probe()) == null);
                return ConditionEvaluationResult.enabled("PostgreSQL and RabbitMQ are up");
            } catch (ConditionTimeoutException e) {
                if ("true".equals(System.getenv("CI"))) {
                    throw new IllegalStateException("CI=true and " + missing[0], e);
                }
                return ConditionEvaluationResult.disabled(missing[0]);
            }
        }

        /** @return null when both servers answer, else which does not and how to start it */
        private static @Nullable String probe() {
            try (Connection c = DriverManager.getConnection(POSTGRES_URL, "postgres", "")) {
                c.isValid(2);
            } catch (SQLException e) {
                return "PostgreSQL is not reachable at " + POSTGRES_URL + " (" + e.getMessage() + "): start it with "
                        + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
            } catch (IOException e) {
                return "RabbitMQ is not reachable at 127.0.0.1:5672 (" + e.getMessage() + "): start it with "
                        + "rabbitmq-server -detached";
            }
            return null;
        }
    }
}

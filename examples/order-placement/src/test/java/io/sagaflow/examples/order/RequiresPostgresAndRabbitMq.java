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
            String missing = null;
            try (Connection c = DriverManager.getConnection(POSTGRES_URL, "postgres", "")) {
                c.isValid(2);
            } catch (SQLException e) {
                missing = "PostgreSQL is not reachable at " + POSTGRES_URL + " (" + e.getMessage() + "): start it with "
                        + "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
            } catch (IOException e) {
                missing = "RabbitMQ is not reachable at 127.0.0.1:5672 (" + e.getMessage() + "): start it with "
                        + "rabbitmq-server -detached";
            }
            if (missing == null) {
                return ConditionEvaluationResult.enabled("PostgreSQL and RabbitMQ are up");
            }
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + missing);
            }
            return ConditionEvaluationResult.disabled(missing);
        }
    }
}

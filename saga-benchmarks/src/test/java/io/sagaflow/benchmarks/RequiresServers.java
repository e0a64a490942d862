package io.sagaflow.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only when PostgreSQL (127.0.0.1:5432) and RabbitMQ (127.0.0.1:5672) are reachable. When one is not,
 * the test fails if the environment variable {@code CI} is {@code true}, and is skipped otherwise with how to start it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresServers.Condition.class)
@interface RequiresServers {

    /** The condition behind the annotation. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            StringBuilder missing = new StringBuilder();
            if (!PostgresCeiling.reachable()) {
                missing.append("PostgreSQL is not reachable on 127.0.0.1:5432; start it with `pg_ctlcluster"
                        + " --skip-systemctl-redirect $(ls /etc/postgresql) main start`. ");
            }
            if (!RabbitMqCeiling.reachable()) {
                missing.append("RabbitMQ is not reachable on 127.0.0.1:5672; start it with"
                        + " `rabbitmq-server -detached`.");
            }
            if (missing.isEmpty()) {
                return ConditionEvaluationResult.enabled("PostgreSQL and RabbitMQ are reachable");
            }
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and a server the test needs is down: " + missing);
            }
            return ConditionEvaluationResult.disabled(missing.toString().trim());
        }
    }
}

package io.sagaflow.reliability;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks that PostgreSQL and RabbitMQ answer, and that this machine can restart them, before a test class runs:
 * when not, the class fails if the environment says {@code CI=true} and is skipped elsewhere, saying how to start
 * them.
 */
final class RequiresServers implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        String missing = null;
        if (!Servers.postgresUp()) {
            missing = "PostgreSQL is not reachable at " + Servers.PG_URL + " (user postgres); start it with:"
                    + " pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
        } else if (!Servers.rabbitUp()) {
            missing = "RabbitMQ is not reachable at 127.0.0.1:5672; start it with: rabbitmq-server -detached";
        } else if (!Servers.controllable()) {
            missing = "the chaos run restarts the local servers and needs pg_ctlcluster and rabbitmqctl on the PATH";
        }
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(missing);
        }
        Assumptions.abort(missing);
    }
}

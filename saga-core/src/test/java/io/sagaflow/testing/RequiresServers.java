package io.sagaflow.testing;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Marks a test class that needs the real PostgreSQL (127.0.0.1:5432, user postgres, database test) and/or RabbitMQ
 * (127.0.0.1:5672, guest/guest). A missing server fails the class when {@code CI=true} and skips it otherwise, with
 * the command that starts it. Shared through saga-core's test-jar by every module whose tests need a server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresServers.Check.class)
public @interface RequiresServers {
    /** Where both servers listen. */
    String HOST = "127.0.0.1";
    /** The PostgreSQL database the tests use. */
    String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    /** Its user, with trust authentication. */
    String POSTGRES_USER = "postgres";

    /** @return the servers the test class needs */
    Server[] value();

    /** The servers, with their port and how to start them. */
    enum Server {
        POSTGRESQL(5432, "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"),
        RABBITMQ(5672, "rabbitmq-server -detached");

        final int port;
        final String start;

        Server(int port, String start) {
            this.port = port;
            this.start = start;
        }
    }

    /** Looks for the servers once per test class. */
    final class Check implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            RequiresServers required = AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
                    RequiresServers.class).orElseThrow();
            for (Server server : required.value()) {
                if (reachable(server.port)) {
                    continue;
                }
                String message = server + " is not reachable at " + HOST + ":" + server.port + "; start it with `"
                        + server.start + "`";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(message);
                }
                Assumptions.abort(message);
            }
        }

        private static boolean reachable(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 2_000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}

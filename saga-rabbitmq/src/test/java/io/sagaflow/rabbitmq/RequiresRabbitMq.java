package io.sagaflow.rabbitmq;

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

/**
 * Marks a test class that needs the RabbitMQ at 127.0.0.1:5672 (guest/guest). Without it the class fails when
 * {@code CI=true} and is skipped otherwise, with a message saying how to start the broker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresRabbitMq.Check.class)
@interface RequiresRabbitMq {
    String HOST = "127.0.0.1";
    int PORT = 5672;

    /** Looks for the broker once per test class. */
    final class Check implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            if (reachable()) {
                return;
            }
            String message = "RabbitMQ is not reachable at " + HOST + ":" + PORT
                    + "; start it with `rabbitmq-server -detached`";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }

        private static boolean reachable() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, PORT), 2_000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}

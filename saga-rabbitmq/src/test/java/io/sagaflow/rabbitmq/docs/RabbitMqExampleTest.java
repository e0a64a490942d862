package io.sagaflow.rabbitmq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Runs the example quoted in docs/rabbitmq.md against the real broker. */
class RabbitMqExampleTest {

    @Test
    void runsTheDocumentedExampleToCompletion() throws Exception {
        requireBroker();
        String prefix = "sfdoc-" + UUID.randomUUID().toString().substring(0, 8);
        RabbitMqSettings settings = RabbitMqSettings.builder().host("127.0.0.1").prefix(prefix).build();
        try {
            SagaInstance saga = RabbitMqExample.run(settings);

            assertThat(saga.status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(saga.data(RabbitMqExample.Order.class).reservation()).isEqualTo("r-o-1");
        } finally {
            deleteTopology(prefix);
        }
    }

    private static void requireBroker() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5672), 2_000);
        } catch (IOException e) {
            String message = "RabbitMQ is not reachable at 127.0.0.1:5672; start it with `rabbitmq-server -detached`";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
    }

    private static void deleteTopology(String prefix) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            for (String queue : List.of(prefix + ".commands.inventory.default", prefix + ".replies.default.default")) {
                channel.queueDelete(queue);
                channel.queueDelete(queue + ".dlq");
            }
            for (String kind : List.of("commands", "replies", "events", "dlx")) {
                channel.exchangeDelete(prefix + "." + kind);
            }
        }
    }
}

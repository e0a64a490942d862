package io.sagaflow.test.durable;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes what a harness's broker declared: its queues and dead-letter queues, and its prefix's exchanges. */
final class RabbitTopology {
    private static final Logger log = LoggerFactory.getLogger(RabbitTopology.class);

    private RabbitTopology() {
    }

    static void delete(RabbitMqMessageBroker broker) throws Exception {
        RabbitMqSettings settings = broker.settings();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setVirtualHost(settings.virtualHost());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        if (settings.sslContext() != null) {
            factory.useSslProtocol(settings.sslContext());
        } else if (settings.useTls()) {
            factory.useSslProtocol(javax.net.ssl.SSLContext.getDefault());
        }
        try (Connection connection = factory.newConnection(settings.prefix() + "-cleanup")) {
            for (String queue : broker.declaredQueues()) {
                // A channel closes on the first error, so each delete gets its own.
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                }
            }
            try (Channel channel = connection.createChannel()) {
                for (String kind : List.of("commands", "replies", "events", "dlx")) {
                    channel.exchangeDelete(settings.prefix() + "." + kind);
                }
            }
        }
        log.debug("deleted {} queues and the exchanges of prefix {}", broker.declaredQueues().size(),
                settings.prefix());
    }
}

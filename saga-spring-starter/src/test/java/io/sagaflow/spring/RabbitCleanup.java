package io.sagaflow.spring;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.testing.RequiresServers;
import java.util.List;
import java.util.UUID;

/** A unique name prefix for one test, and deletion of the queues and exchanges a broker declared under it. */
final class RabbitCleanup {
    final String prefix = "sfspring-" + UUID.randomUUID().toString().substring(0, 8);

    /** Deletes every queue the broker declared, and the prefix's exchanges. */
    void delete(RabbitMqMessageBroker broker) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RequiresServers.HOST);
        try (Connection connection = factory.newConnection("sagaflow-spring-test-cleanup")) {
            for (String queue : broker.declaredQueues()) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                }
            }
            try (Channel channel = connection.createChannel()) {
                for (String kind : List.of("commands", "replies", "events", "dlx")) {
                    channel.exchangeDelete(prefix + "." + kind);
                }
            }
        }
    }
}

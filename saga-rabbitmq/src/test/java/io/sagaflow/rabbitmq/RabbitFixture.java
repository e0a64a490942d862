package io.sagaflow.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.sagaflow.spi.Destination;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One test class's corner of the real broker: a unique prefix, the brokers made with it, a plain AMQP connection
 * for raw publishes and inspection, and deletion of every exchange and queue under the prefix at the end.
 */
final class RabbitFixture implements AutoCloseable {
    final String prefix = "sftest-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<RabbitMqMessageBroker> brokers = new CopyOnWriteArrayList<>();
    private final Set<String> extraQueues = new TreeSet<>();
    private final Connection admin;

    RabbitFixture() throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RequiresRabbitMq.HOST);
        factory.setPort(RequiresRabbitMq.PORT);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(500);
        admin = factory.newConnection("sagaflow-test-admin");
    }

    /** @return settings for this fixture: its prefix, fast recovery, short confirm timeout */
    RabbitMqSettings.Builder settings() {
        return RabbitMqSettings.builder()
                .host(RequiresRabbitMq.HOST)
                .port(RequiresRabbitMq.PORT)
                .prefix(prefix)
                .recoveryInterval(Duration.ofMillis(500))
                .confirmTimeout(Duration.ofSeconds(5))
                .redeliveryDelay(Duration.ofMillis(20))
                .connectionName("sagaflow-test-" + prefix);
    }

    RabbitMqMessageBroker broker(RabbitMqSettings settings) {
        RabbitMqMessageBroker broker = new RabbitMqMessageBroker(settings);
        brokers.add(broker);
        return broker;
    }

    /** @return the broker, whose queues and exchanges go at {@link #close()} */
    RabbitMqMessageBroker track(RabbitMqMessageBroker broker) {
        brokers.add(broker);
        return broker;
    }

    RabbitMqMessageBroker broker() {
        return broker(settings().build());
    }

    String queue(Destination destination, String group) {
        String queue = new Topology(settings().build()).queue(destination, group);
        extraQueues.add(queue);
        return queue;
    }

    /** Publishes bytes with a plain channel, as a foreign or broken producer would. */
    void publishRaw(String exchange, String routingKey, AMQP.@Nullable BasicProperties properties, byte[] body)
            throws IOException, TimeoutException, InterruptedException {
        try (Channel channel = admin.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(exchange, routingKey, properties, body);
            channel.waitForConfirmsOrDie(5_000);
        }
    }

    /** @return the next message of a queue, acknowledged, or null */
    @Nullable GetResponse get(String queue) throws IOException, TimeoutException {
        try (Channel channel = admin.createChannel()) {
            return channel.basicGet(queue, true);
        }
    }

    long messageCount(String queue) throws IOException, TimeoutException {
        try (Channel channel = admin.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** @return whether the broker nacks a publish to the queue (e.g. under a reject-publish policy); purges it if not */
    boolean nacksPublishesTo(String queue) throws Exception {
        try (Channel channel = channel()) {
            channel.confirmSelect();
            channel.basicPublish("", queue, null, new byte[] {1});
            if (channel.waitForConfirms(5_000)) {
                channel.queuePurge(queue);
                return false;
            }
            return true;
        }
    }

    Channel channel() throws IOException {
        return admin.createChannel();
    }

    @Override
    public void close() throws IOException, TimeoutException {
        Set<String> queues = new TreeSet<>(extraQueues);
        for (RabbitMqMessageBroker broker : brokers) {
            queues.addAll(broker.topology().everDeclared());
            broker.close();
        }
        List<String> failures = new ArrayList<>();
        for (String queue : queues) {
            for (String name : List.of(queue, Topology.deadLetterQueue(queue))) {
                try (Channel channel = admin.createChannel()) {
                    channel.queueDelete(name);
                } catch (IOException | RuntimeException e) {
                    failures.add(name);
                }
            }
        }
        try (Channel channel = admin.createChannel()) {
            for (String kind : List.of("commands", "replies", "events", "dlx")) {
                channel.exchangeDelete(prefix + "." + kind);
            }
        }
        admin.close();
        if (!failures.isEmpty()) {
            throw new IOException("could not delete queues " + failures);
        }
    }
}

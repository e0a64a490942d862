package io.sagaflow.test.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.test.SagaTestEnvironment;
import io.sagaflow.testing.RequiresServers;
import java.io.IOException;
import org.junit.jupiter.api.Test;

@RequiresServers(RequiresServers.Server.RABBITMQ)
class RabbitMqEnvironmentTest extends EnvironmentScenarios {
    @Override
    SagaTestEnvironment.Factory environment() {
        return new RabbitMqEnvironment();
    }

    @Test
    void closeDeletesTheQueuesAndExchangesOfItsPrefix() throws Exception {
        SagaTestEnvironment environment = environment().create("cleanup");
        String prefix;
        try {
            RabbitMqMessageBroker broker = (RabbitMqMessageBroker) environment.broker();
            prefix = broker.settings().prefix();
            broker.subscribe(Destination.commands("inventory"), MessageBroker.DEFAULT_GROUP, m -> { }).close();
            assertThat(prefix).startsWith("sftest-cleanup-");
            assertThat(exists(prefix + ".commands.inventory.default", true)).isTrue();
        } finally {
            environment.close();
        }

        assertThat(exists(prefix + ".commands.inventory.default", true)).isFalse();
        assertThat(exists(prefix + ".commands.inventory.default.dlq", true)).isFalse();
        assertThat(exists(prefix + ".commands", false)).isFalse();
        assertThat(exists(prefix + ".dlx", false)).isFalse();
    }

    @Test
    void eachHarnessGetsItsOwnPrefix() {
        assertThat(RabbitMqEnvironment.prefix("h1")).isNotEqualTo(RabbitMqEnvironment.prefix("h1"))
                .startsWith("sftest-h1-");
        assertThat(RabbitMqEnvironment.prefix("X".repeat(80))).hasSizeLessThanOrEqualTo(50);
        assertThatThrownBy(() -> new RabbitMqEnvironment(RabbitMqEnvironment.harnessSettings(
                "amqp://guest:guest@127.0.0.1:1").build()).create("unreachable"))
                .isInstanceOf(io.sagaflow.BrokerException.class).hasMessageContaining("127.0.0.1:1");
    }

    private static boolean exists(String name, boolean queue) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RequiresServers.HOST);
        try (Connection connection = factory.newConnection("sftest-check")) {
            Channel channel = connection.createChannel();
            try {
                if (queue) {
                    channel.queueDeclarePassive(name);
                } else {
                    channel.exchangeDeclarePassive(name);
                }
                channel.close();
                return true;
            } catch (IOException notFound) {
                return false;
            }
        }
    }
}

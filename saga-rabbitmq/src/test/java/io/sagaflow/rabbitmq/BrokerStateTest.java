package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.ConnectionFactory;
import io.sagaflow.spi.BrokerState;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresRabbitMq
class BrokerStateTest {
    private RabbitFixture rabbit;

    @BeforeEach
    void connect() throws Exception {
        rabbit = new RabbitFixture();
    }

    @AfterEach
    void cleanUp() throws Exception {
        rabbit.close();
    }

    @Test
    void reportsConnectedWhileOpenAndClosedAfterClose() {
        RabbitMqMessageBroker broker = rabbit.broker();
        assertThat(broker.state()).isEqualTo(BrokerState.CONNECTED);
        broker.close();
        assertThat(broker.state()).isEqualTo(BrokerState.CLOSED);
    }

    @Test
    void connectsWithAnApplicationsConnectionFactoryWithoutChangingIt() throws Exception {
        ConnectionFactory application = new ConnectionFactory();
        application.setHost(RequiresRabbitMq.HOST);
        application.setPort(RequiresRabbitMq.PORT);
        application.setAutomaticRecoveryEnabled(false);

        RabbitMqMessageBroker broker = rabbit.track(RabbitMqMessageBroker.using(application,
                rabbit.settings().host("ignored").build()));
        assertThat(application.isAutomaticRecoveryEnabled()).as("the application's factory").isFalse();
        assertThat(broker.settings().host()).isEqualTo(RequiresRabbitMq.HOST);
        assertThat(broker.state()).isEqualTo(BrokerState.CONNECTED);
        List<String> received = new CopyOnWriteArrayList<>();
        Destination destination = Destination.commands("state-test");
        broker.subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> received.add(m.messageId()));
        Envelope message = Messages.command("state-test", "hello");
        broker.publish(List.of(message));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> received.contains(message.messageId()));
        assertThat(broker.declaredQueues()).contains(rabbit.prefix + ".commands.state-test.default",
                rabbit.prefix + ".commands.state-test.default.dlq");
    }
}

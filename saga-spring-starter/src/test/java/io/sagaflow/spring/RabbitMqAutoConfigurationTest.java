package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.ConnectionFactory;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.spi.BrokerState;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.testing.RequiresServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The RabbitMQ group against the real broker: from properties, or from the application's ConnectionFactory. */
@RequiresServers(RequiresServers.Server.RABBITMQ)
class RabbitMqAutoConfigurationTest {
    private final RabbitCleanup cleanup = new RabbitCleanup();
    private RabbitMqMessageBroker used;
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SagaflowAutoConfiguration.class,
                    SagaflowActuatorAutoConfiguration.class))
            .withPropertyValues("sagaflow.rabbitmq.prefix=" + cleanup.prefix, "sagaflow.rabbitmq.quorum=false");

    @AfterEach
    void deleteQueues() throws Exception {
        if (used != null) {
            cleanup.delete(used);
        }
    }

    @Test
    void usesRabbitMqWhenConfigured() {
        runner.withPropertyValues("sagaflow.rabbitmq.host=" + RequiresServers.HOST, "sagaflow.rabbitmq.prefetch=7",
                "sagaflow.rabbitmq.consumers=1", "sagaflow.rabbitmq.delivery-limit=3",
                "sagaflow.rabbitmq.connection-name=shop", "sagaflow.rabbitmq.nio=false").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(MessageBroker.class).isInstanceOf(RabbitMqMessageBroker.class);
                    used = context.getBean(RabbitMqMessageBroker.class);
                    assertThat(used.settings().prefix()).isEqualTo(cleanup.prefix);
                    assertThat(used.settings().prefetch()).isEqualTo(7);
                    assertThat(used.settings().consumersPerSubscription()).isEqualTo(1);
                    assertThat(used.settings().deliveryLimit()).isEqualTo(3);
                    assertThat(used.settings().quorumQueues()).isFalse();
                    assertThat(used.settings().connectionName()).isEqualTo("shop");
                    assertThat(used.settings().nio()).as("blocking sockets, as configured").isFalse();
                    assertThat(used.declaredQueues()).as("the engine consumes its replies")
                            .contains(cleanup.prefix + ".replies.default.default");
                    assertThat(used.state()).isEqualTo(BrokerState.CONNECTED);
                    HealthIndicator health = context.getBean(SagaflowHealthIndicator.class);
                    assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                    assertThat(health.health(true).getDetails()).containsEntry("brokerState", BrokerState.CONNECTED);
                });
        assertThat(used.state()).as("closed with the context").isEqualTo(BrokerState.CLOSED);
    }

    @Test
    void connectsWithTheApplicationsConnectionFactoryWhenNoHostIsSet() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(RequiresServers.HOST);
        runner.withPropertyValues("sagaflow.broker=rabbitmq").withBean(ConnectionFactory.class, () -> factory)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    used = context.getBean(RabbitMqMessageBroker.class);
                    assertThat(used.settings().host()).as("from the factory, not the default localhost")
                            .isEqualTo(RequiresServers.HOST);
                    assertThat(used.state()).isEqualTo(BrokerState.CONNECTED);
                });
    }

    @Test
    void failsAtStartupWhenTheConfiguredServerCannotBeReached() {
        runner.withPropertyValues("sagaflow.rabbitmq.host=" + RequiresServers.HOST, "sagaflow.rabbitmq.port=1")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("cannot connect to RabbitMQ at 127.0.0.1:1"));
    }
}

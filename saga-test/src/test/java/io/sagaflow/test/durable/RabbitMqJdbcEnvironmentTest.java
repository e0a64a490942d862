package io.sagaflow.test.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.test.SagaTestEnvironment;
import io.sagaflow.testing.RequiresServers;
import org.junit.jupiter.api.Test;

@RequiresServers({RequiresServers.Server.RABBITMQ, RequiresServers.Server.POSTGRESQL})
class RabbitMqJdbcEnvironmentTest extends EnvironmentScenarios {
    @Override
    SagaTestEnvironment.Factory environment() {
        return new RabbitMqJdbcEnvironment();
    }

    @Test
    void combinesTheRabbitMqBrokerWithTheJdbcStore() {
        try (SagaTestEnvironment environment = environment().create("both")) {
            assertThat(environment.broker()).isInstanceOf(RabbitMqMessageBroker.class);
            assertThat(environment.store()).isInstanceOf(JdbcSagaStore.class);
            assertThat(environment.toString()).contains("RabbitMQ sftest-both-")
                    .contains("PostgreSQL schema sftest_both_");
        }
    }
}

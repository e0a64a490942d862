package io.sagaflow.examples.order;

import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spring.SagaflowProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * TEMPORARY: the RabbitMQ broker and the JDBC saga store, built from the starter's own properties
 * ({@code sagaflow.broker=rabbitmq}, {@code sagaflow.rabbitmq.*}, {@code sagaflow.jdbc.create-schema}), until the
 * starter auto-configures them. The starter backs off because these beans exist. Delete this class when it
 * auto-configures RabbitMQ and the JDBC store from a single {@code DataSource}: the example then runs unchanged.
 */
@Configuration(proxyBeanMethods = false)
class InfrastructureUntilWiringLands {

    /** The orders database as the durable saga store (embedded H2 files, or PostgreSQL schema {@code orders}). */
    @Bean(destroyMethod = "close")
    @Profile("orders | !distributed")
    SagaStore exampleSagaStore(ServiceDatabase ordersDatabase, SagaflowProperties properties) {
        return ordersDatabase.sagaStore(properties.getJdbc().isCreateSchema());
    }

    /** RabbitMQ when {@code sagaflow.broker=rabbitmq}; otherwise the starter's in-memory broker. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "sagaflow.broker", havingValue = "rabbitmq")
    MessageBroker exampleRabbitMqBroker(SagaflowProperties properties) {
        io.sagaflow.spring.RabbitMqSettings rabbit = properties.getRabbitmq();
        return new RabbitMqMessageBroker(RabbitMqSettings.builder()
                .host(rabbit.getHost())
                .port(rabbit.getPort())
                .virtualHost(rabbit.getVirtualHost())
                .credentials(rabbit.getUsername(), rabbit.getPassword())
                .prefix(rabbit.getPrefix())
                .quorumQueues(rabbit.isQuorum())
                .prefetch(rabbit.getPrefetch())
                .consumersPerSubscription(rabbit.getConsumers())
                .connectionName("order-placement")
                .build());
    }
}

package io.sagaflow.examples.order;

import io.sagaflow.spi.SagaStore;
import io.sagaflow.spring.SagaflowProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Which database holds the sagas. This one JVM hosts several services, each with its own database (database per
 * service), so the starter cannot pick "the" {@code DataSource} for its JDBC saga store: the orders service says
 * which one is its own. The broker needs nothing here: with {@code sagaflow.broker=rabbitmq} the starter builds the
 * RabbitMQ broker from {@code sagaflow.rabbitmq.*}, and otherwise uses its in-memory one.
 */
@Configuration(proxyBeanMethods = false)
class OrdersSagaStoreConfiguration {

    /** The orders database as the durable saga store (embedded H2 files, or PostgreSQL schema {@code orders}). */
    @Bean(destroyMethod = "close")
    @Profile("orders | !distributed")
    SagaStore exampleSagaStore(ServiceDatabase ordersDatabase, SagaflowProperties properties) {
        return ordersDatabase.sagaStore(properties.getJdbc().isCreateSchema());
    }
}

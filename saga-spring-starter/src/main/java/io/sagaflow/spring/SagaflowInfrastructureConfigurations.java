package io.sagaflow.spring;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker and store groups of {@link SagaflowAutoConfiguration}, imported in priority order. When the durable
 * modules merge, their groups go here, imported before {@link InMemoryConfiguration}:
 *
 * <ul>
 *   <li>RabbitMQ: {@code @ConditionalOnClass(name = "io.sagaflow.rabbitmq.RabbitMqMessageBroker")} and
 *       {@code @Conditional(RabbitMqBrokerCondition.class)}, a {@code MessageBroker} bean from
 *       {@link RabbitMqSettings} (or the application's RabbitMQ {@code ConnectionFactory});</li>
 *   <li>JDBC: {@code @ConditionalOnClass(name = "io.sagaflow.jdbc.JdbcSagaStore")} and
 *       {@code @ConditionalOnSingleCandidate(DataSource.class)}, a {@code SagaStore} and a {@code ParticipantInbox}
 *       bean from {@link JdbcSettings}.</li>
 * </ul>
 */
final class SagaflowInfrastructureConfigurations {
    private SagaflowInfrastructureConfigurations() {
    }

    /** Fails at startup when RabbitMQ is asked for by name but its module is missing, instead of going in-memory. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "sagaflow.broker", havingValue = "rabbitmq")
    @ConditionalOnMissingClass("io.sagaflow.rabbitmq.RabbitMqMessageBroker")
    static final class MissingRabbitMqModuleConfiguration {
        @Bean
        MessageBroker sagaflowRabbitMqModuleMissing() {
            throw new SagaflowConfigurationException("sagaflow.broker=rabbitmq, but the RabbitMQ broker is not on the "
                    + "class path: add the dependency io.sagaflow:saga-rabbitmq");
        }
    }

    /** The in-memory broker and store: the defaults when nothing durable is configured. */
    @Configuration(proxyBeanMethods = false)
    static final class InMemoryConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MessageBroker sagaflowMessageBroker(SagaflowProperties properties) {
            SagaflowProperties.InMemory settings = properties.getInMemory();
            return new InMemoryMessageBroker(settings.getMaxDeliveries(), settings.getRedeliveryDelay(),
                    settings.getConsumers());
        }

        @Bean
        @ConditionalOnMissingBean
        SagaStore sagaflowSagaStore() {
            return new InMemorySagaStore();
        }
    }
}

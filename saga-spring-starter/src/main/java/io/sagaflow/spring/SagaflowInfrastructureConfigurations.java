package io.sagaflow.spring;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.SagaStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The broker and store groups of {@link SagaflowAutoConfiguration}, imported in priority order: RabbitMQ
 * ({@link RabbitMqBrokerConfiguration}) and JDBC ({@link JdbcStoreConfiguration}) first, then the in-memory defaults,
 * each bean guarded by {@code @ConditionalOnMissingBean} so the first group (or the user) that made it wins.
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

    /** The in-memory broker, store and inbox: the defaults when nothing durable is configured. */
    @Configuration(proxyBeanMethods = false)
    static final class InMemoryConfiguration {
        @Bean
        @ConditionalOnMissingBean
        MessageBroker sagaflowMessageBroker(SagaflowProperties properties) {
            SagaflowProperties.InMemory settings = properties.getInMemory();
            return new InMemoryMessageBroker(settings.getMaxDeliveries(), settings.getRedeliveryDelay(),
                    settings.getConsumers(), settings.getDispatch());
        }

        @Bean
        @ConditionalOnMissingBean
        SagaStore sagaflowSagaStore(SagaflowProperties properties) {
            return new InMemorySagaStore(properties.getInMemory().getKeepSettled());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(name = "sagaflow.participants.enabled", havingValue = "true", matchIfMissing = true)
        ParticipantInbox sagaflowParticipantInbox(MessageBroker broker, SagaflowProperties properties) {
            return new InMemoryParticipantInbox(broker, properties.getParticipants().getInboxCapacity());
        }
    }
}

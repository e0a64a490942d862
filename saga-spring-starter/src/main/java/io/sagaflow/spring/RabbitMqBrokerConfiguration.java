package io.sagaflow.spring;

import com.rabbitmq.client.ConnectionFactory;
import io.sagaflow.rabbitmq.RabbitMqMessageBroker;
import io.sagaflow.spi.MessageBroker;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The RabbitMQ broker (module saga-rabbitmq), when {@link RabbitMqBrokerCondition} selects it. Connection details
 * come from {@code sagaflow.rabbitmq.host}/{@code uri} and the other {@code sagaflow.rabbitmq.*} properties; with
 * neither of those two set and a single RabbitMQ client {@link ConnectionFactory} bean, from that bean (copied, not
 * changed). Names and limits always come from the properties.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.sagaflow.rabbitmq.RabbitMqMessageBroker")
@Conditional(RabbitMqBrokerCondition.class)
final class RabbitMqBrokerConfiguration {

    // The engine and the participant runtime close the broker's subscriptions; the context closes the broker.
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(MessageBroker.class)
    RabbitMqMessageBroker sagaflowMessageBroker(SagaflowProperties properties, Environment environment,
                                                ObjectProvider<ConnectionFactory> connectionFactories) {
        io.sagaflow.rabbitmq.RabbitMqSettings settings = settings(properties.getRabbitmq());
        boolean configured = environment.containsProperty("sagaflow.rabbitmq.host")
                || environment.containsProperty("sagaflow.rabbitmq.uri");
        @Nullable ConnectionFactory factory = configured ? null : connectionFactories.getIfUnique();
        return factory == null ? new RabbitMqMessageBroker(settings) : RabbitMqMessageBroker.using(factory, settings);
    }

    /**
     * Maps the properties onto the module's settings.
     *
     * @throws IllegalArgumentException naming the property whose value the module refuses
     */
    static io.sagaflow.rabbitmq.RabbitMqSettings settings(RabbitMqSettings properties) {
        io.sagaflow.rabbitmq.RabbitMqSettings.Builder builder = io.sagaflow.rabbitmq.RabbitMqSettings.builder();
        String uri = properties.getUri();
        if (uri != null && !uri.isBlank()) {
            builder.uri(uri);
        } else {
            builder.host(properties.getHost()).port(properties.getPort()).virtualHost(properties.getVirtualHost())
                    .credentials(properties.getUsername(), properties.getPassword());
        }
        if (properties.getSsl().isEnabled()) {
            builder.useTls(true);
        }
        return builder.prefix(properties.getPrefix())
                .quorumQueues(properties.isQuorum())
                .prefetch(properties.getPrefetch())
                .consumersPerSubscription(properties.getConsumers())
                .deliveryLimit(properties.getDeliveryLimit())
                .redeliveryDelay(properties.getRedeliveryDelay())
                .connectionName(properties.getConnectionName())
                .nio(properties.isNio())
                .build();
    }
}

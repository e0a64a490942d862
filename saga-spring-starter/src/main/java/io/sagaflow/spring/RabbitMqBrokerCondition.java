package io.sagaflow.spring;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Whether Sagaflow should use RabbitMQ: {@code sagaflow.broker=rabbitmq}; or, with {@code sagaflow.broker} unset,
 * RabbitMQ connection settings under {@code sagaflow.rabbitmq} ({@code host} or {@code uri}), or an existing
 * RabbitMQ client {@code ConnectionFactory} bean. {@code sagaflow.broker=in-memory} always wins.
 */
final class RabbitMqBrokerCondition extends SpringBootCondition implements ConfigurationCondition {
    static final String CONNECTION_FACTORY = "com.rabbitmq.client.ConnectionFactory";

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        String broker = environment.getProperty("sagaflow.broker");
        if (broker != null) {
            boolean rabbit = broker.replace("-", "").replace("_", "").equalsIgnoreCase("rabbitmq");
            return rabbit ? ConditionOutcome.match("sagaflow.broker=" + broker)
                    : ConditionOutcome.noMatch("sagaflow.broker=" + broker);
        }
        for (String property : new String[] {"sagaflow.rabbitmq.host", "sagaflow.rabbitmq.uri"}) {
            if (environment.containsProperty(property)) {
                return ConditionOutcome.match(property + " is set");
            }
        }
        ConfigurableListableBeanFactory beans = context.getBeanFactory();
        if (beans != null && ClassUtils.isPresent(CONNECTION_FACTORY, context.getClassLoader())) {
            Class<?> type = ClassUtils.resolveClassName(CONNECTION_FACTORY, context.getClassLoader());
            if (beans.getBeanNamesForType(type, true, false).length > 0) {
                return ConditionOutcome.match("a RabbitMQ ConnectionFactory bean exists");
            }
        }
        return ConditionOutcome.noMatch("no sagaflow.broker, sagaflow.rabbitmq.host/uri or RabbitMQ ConnectionFactory");
    }
}

package io.sagaflow.spring;

import io.sagaflow.SagaEngine;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaStore;
import java.time.InstantSource;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures Sagaflow's actuator parts: the {@code sagaflow} health indicator
 * ({@code management.health.sagaflow.enabled}) and the {@code sagas} endpoint (exposed like any endpoint, e.g.
 * {@code management.endpoints.web.exposure.include=health,sagas}).
 *
 * @since 0.1
 */
@AutoConfiguration(after = SagaflowAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
public final class SagaflowActuatorAutoConfiguration {

    /** Used by Spring. */
    public SagaflowActuatorAutoConfiguration() {
        // configuration class
    }

    /** The health indicator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean(SagaStore.class)
    @ConditionalOnEnabledHealthIndicator("sagaflow")
    static class HealthConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "sagaflowHealthIndicator")
        SagaflowHealthIndicator sagaflowHealthIndicator(SagaStore store, MessageBroker broker,
                                                        SagaflowProperties properties) {
            return new SagaflowHealthIndicator(store, broker, properties.getHealth(), InstantSource.system());
        }
    }

    /** The {@code sagas} endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnBean(SagaEngine.class)
    @ConditionalOnAvailableEndpoint(SagasEndpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        SagasEndpoint sagasEndpoint(SagaEngine engine, SagaflowProperties properties) {
            return new SagasEndpoint(engine, properties.getActuator());
        }
    }
}

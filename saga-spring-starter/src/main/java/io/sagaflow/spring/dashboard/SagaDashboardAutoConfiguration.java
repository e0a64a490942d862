package io.sagaflow.spring.dashboard;

import io.sagaflow.SagaEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves the saga dashboard in a servlet Spring MVC application when {@code sagaflow.dashboard.enabled=true}.
 *
 * <p>Registers {@link SagaDashboardEvents}, a {@link io.sagaflow.SagaListener} bean that the Sagaflow
 * auto-configuration hands to the engine it builds (an application that builds its own engine passes the bean to
 * {@link SagaEngine.Builder#listener}), and, once a {@link SagaEngine} bean exists, the page, the JSON API and the
 * event stream under {@link SagaDashboardProperties#path()}. Every bean backs off when the application defines its
 * own. Adds no security: the application's Spring Security configuration must protect the path.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = "io.sagaflow.spring.SagaflowAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnBooleanProperty("sagaflow.dashboard.enabled")
@EnableConfigurationProperties(SagaDashboardProperties.class)
public final class SagaDashboardAutoConfiguration {

    /** Created by Spring. */
    public SagaDashboardAutoConfiguration() {
    }

    /**
     * @param properties the dashboard settings
     * @return the listener that streams saga changes to open dashboards
     */
    @Bean
    @ConditionalOnMissingBean
    public SagaDashboardEvents sagaDashboardEvents(SagaDashboardProperties properties) {
        return new SagaDashboardEvents(properties.eventStreamTimeout());
    }

    @Bean
    @ConditionalOnBean(SagaEngine.class)
    @ConditionalOnMissingBean
    SagaDashboardApi sagaDashboardApi(SagaEngine engine, SagaDashboardProperties properties) {
        return new SagaDashboardApi(engine, properties);
    }

    @Bean
    @ConditionalOnBean(SagaEngine.class)
    @ConditionalOnMissingBean
    SagaDashboardPage sagaDashboardPage(SagaDashboardProperties properties, SagaDashboardEvents events) {
        return new SagaDashboardPage(properties, events);
    }
}

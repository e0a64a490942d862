package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaEngine;
import io.sagaflow.SagaListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class SagaDashboardAutoConfigurationTest {
    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SagaDashboardAutoConfiguration.class));

    @Test
    void isOffUnlessEnabled() {
        web.withUserConfiguration(EngineConfig.class).run(context -> {
            assertThat(context).doesNotHaveBean(SagaDashboardEvents.class);
            assertThat(context).doesNotHaveBean(SagaDashboardApi.class);
        });
    }

    @Test
    void servesTheDashboardAndOffersItsListenerWhenEnabledWithAnEngine() {
        web.withUserConfiguration(EngineConfig.class).withPropertyValues("sagaflow.dashboard.enabled=true")
                .run(context -> {
                    assertThat(context).hasSingleBean(SagaListener.class);
                    assertThat(context).hasSingleBean(SagaDashboardApi.class);
                    assertThat(context).hasSingleBean(SagaDashboardPage.class);
                    assertThat(context.getBean(SagaDashboardProperties.class).path()).isEqualTo("/sagaflow");
                });
    }

    @Test
    void offersOnlyTheListenerUntilThereIsAnEngine() {
        web.withPropertyValues("sagaflow.dashboard.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(SagaDashboardEvents.class);
            assertThat(context).doesNotHaveBean(SagaDashboardApi.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnEventStream() {
        web.withUserConfiguration(EngineConfig.class, OwnEvents.class)
                .withPropertyValues("sagaflow.dashboard.enabled=true")
                .run(context -> assertThat(context.getBean(SagaDashboardEvents.class))
                        .isSameAs(context.getBean(OwnEvents.class).events));
    }

    @Test
    void staysOutOfApplicationsThatAreNotServletWebApplications() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SagaDashboardAutoConfiguration.class))
                .withUserConfiguration(EngineConfig.class).withPropertyValues("sagaflow.dashboard.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(SagaDashboardEvents.class));
    }

    @Test
    void refusesAPathWithATrailingSlashNamingTheProperty() {
        web.withUserConfiguration(EngineConfig.class)
                .withPropertyValues("sagaflow.dashboard.enabled=true", "sagaflow.dashboard.path=/ops/sagas/")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("sagaflow.dashboard.path").hasMessageContaining("'/ops/sagas/'"));
    }

    @Test
    void bindsEverySetting() {
        web.withUserConfiguration(EngineConfig.class).withPropertyValues("sagaflow.dashboard.enabled=true",
                "sagaflow.dashboard.path=/ops/sagas", "sagaflow.dashboard.page-size=20",
                "sagaflow.dashboard.max-page-size=100", "sagaflow.dashboard.event-stream-timeout=5m",
                "sagaflow.dashboard.show-data=false").run(context -> assertThat(
                        context.getBean(SagaDashboardProperties.class))
                .isEqualTo(new SagaDashboardProperties(true, "/ops/sagas", 20, 100, Duration.ofMinutes(5), false)));
    }

    @Configuration(proxyBeanMethods = false)
    static class EngineConfig {
        @Bean(destroyMethod = "close")
        SagaEngine sagaEngine() {
            return SagaEngine.builder().register(OrderShop.PLACE_ORDER).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnEvents {
        final SagaDashboardEvents events = new SagaDashboardEvents(Duration.ofMinutes(1));

        @Bean
        SagaDashboardEvents ownDashboardEvents() {
            return events;
        }
    }
}

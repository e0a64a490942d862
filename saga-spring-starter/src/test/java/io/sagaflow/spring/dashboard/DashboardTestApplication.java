package io.sagaflow.spring.dashboard;

import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaEngine;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A Spring Boot application with an order-placement saga on the in-memory broker and store, the dashboard, and the
 * security rule docs/dashboard.md recommends: the dashboard's path needs the SAGA_ADMIN role, CSRF stays on.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@ImportAutoConfiguration(SagaDashboardAutoConfiguration.class)
class DashboardTestApplication {
    static final String USER = "ops";
    static final String PASSWORD = "ops-secret";

    @Bean
    OrderShop orderShop() {
        return new OrderShop();
    }

    @Bean(destroyMethod = "close")
    InMemoryMessageBroker broker() {
        return new InMemoryMessageBroker();
    }

    @Bean(destroyMethod = "close")
    ParticipantRuntime participants(InMemoryMessageBroker broker, OrderShop shop) {
        ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                .participant(shop.inventory()).participant(shop.payment()).build();
        runtime.start();
        return runtime;
    }

    // tag::engine[]
    // The Sagaflow auto-configuration registers SagaListener beans with the engine it builds; this application
    // builds its own engine, so it registers the dashboard's listener itself.
    @Bean(destroyMethod = "close")
    SagaEngine sagaEngine(InMemoryMessageBroker broker, SagaDashboardEvents dashboardEvents) {
        SagaEngine engine = SagaEngine.builder().broker(broker).store(new InMemorySagaStore())
                .register(OrderShop.PLACE_ORDER).listener(dashboardEvents).build();
        engine.start();
        return engine;
    }
    // end::engine[]

    // tag::security[]
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/sagaflow/**", "/sagaflow").hasRole("SAGA_ADMIN")
                        .anyRequest().permitAll())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }
    // end::security[]

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername(USER).password("{noop}" + PASSWORD).roles("SAGA_ADMIN").build());
    }
}

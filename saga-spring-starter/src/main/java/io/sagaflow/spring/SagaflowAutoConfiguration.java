package io.sagaflow.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaListener;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageInterceptor;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.SagaStore;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Auto-configures Sagaflow: codec, broker, store, the engine with every {@link io.sagaflow.annotation.Saga} bean, the
 * participant runtime with every {@link io.sagaflow.annotation.SagaParticipant} bean, their lifecycle, transactions
 * around participant handlers, metrics and tracing. Actuator parts live in {@link SagaflowActuatorAutoConfiguration}.
 *
 * <p>Every bean backs off when the application defines its own of the same type. Broker, store and inbox groups
 * are imported in priority order: RabbitMQ ({@link RabbitMqBrokerConfiguration}) and JDBC
 * ({@link JdbcStoreConfiguration}) when their modules are present and configured, then the in-memory defaults
 * ({@link SagaflowInfrastructureConfigurations}), each bean guarded by {@code @ConditionalOnMissingBean}.
 *
 * @since 0.1
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration"})
@EnableConfigurationProperties(SagaflowProperties.class)
// Broker and store groups, in priority order: each backs off when an earlier one (or the user) made the bean.
// Imported rather than nested, because Spring processes nested groups before imports and in no set order.
@Import({
        RabbitMqBrokerConfiguration.class,
        SagaflowInfrastructureConfigurations.MissingRabbitMqModuleConfiguration.class,
        JdbcStoreConfiguration.class,
        SagaflowInfrastructureConfigurations.InMemoryConfiguration.class})
public final class SagaflowAutoConfiguration {

    /** Used by Spring. */
    public SagaflowAutoConfiguration() {
        // configuration class
    }

    /** @param properties settings @return the JSON codec with the configured payload limit */
    @Bean
    @ConditionalOnMissingBean
    MessageCodec sagaflowMessageCodec(SagaflowProperties properties) {
        return JacksonMessageCodec.builder().maxPayloadBytes(properties.getCodec().getMaxPayloadBytes()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    SagaDefinitions sagaDefinitions(ListableBeanFactory beans, ObjectProvider<SagaDefinition<?>> definitions) {
        return SagaBeans.definitions(beans, definitions);
    }

    @Bean
    @ConditionalOnMissingBean
    SagaflowLifecycle sagaflowLifecycle(ObjectProvider<SagaEngine> engine, ObjectProvider<ParticipantRuntime> runtime) {
        return new SagaflowLifecycle(engine.getIfAvailable(), runtime.getIfAvailable());
    }

    /** The orchestrator, unless {@code sagaflow.engine.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "sagaflow.engine.enabled", havingValue = "true", matchIfMissing = true)
    static class EngineConfiguration {
        @Bean
        @ConditionalOnMissingBean
        SagaEngineConfig sagaEngineConfig(SagaflowProperties properties) {
            return properties.getEngine().toConfig();
        }

        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        SagaEngine sagaEngine(MessageBroker broker, SagaStore store, MessageCodec codec, SagaEngineConfig config,
                              SagaDefinitions definitions, ObjectProvider<SagaListener> listeners,
                              ObjectProvider<MessageInterceptor> interceptors,
                              ObjectProvider<SagaEngineCustomizer> customizers) {
            SagaEngine.Builder builder = SagaEngine.builder().broker(broker).store(store).codec(codec).config(config);
            definitions.all().forEach(builder::register);
            listeners.orderedStream().forEach(builder::listener);
            interceptors.orderedStream().forEach(builder::interceptor);
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder.build();
        }
    }

    /** The participant runtime, unless {@code sagaflow.participants.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "sagaflow.participants.enabled", havingValue = "true", matchIfMissing = true)
    static class ParticipantConfiguration {
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        ParticipantRuntime participantRuntime(MessageBroker broker, MessageCodec codec, ParticipantInbox inbox,
                                              ListableBeanFactory beans, ObjectProvider<Participant> participants,
                                              ObjectProvider<MessageInterceptor> interceptors,
                                              ObjectProvider<ParticipantRuntimeCustomizer> customizers) {
            ParticipantRuntime.Builder builder = ParticipantRuntime.builder().broker(broker).codec(codec).inbox(inbox);
            SagaBeans.participants(beans, participants).forEach(builder::participant);
            interceptors.orderedStream().forEach(builder::interceptor);
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder.build();
        }
    }

    /** Participant command and event handlers in the application's transactions, when it has a manager. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(PlatformTransactionManager.class)
    @ConditionalOnProperty(name = "sagaflow.participants.transactional", havingValue = "true",
            matchIfMissing = true)
    static class TransactionConfiguration {
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnSingleCandidate(PlatformTransactionManager.class)
        TransactionalEventInterceptor sagaflowTransactionalEventInterceptor(PlatformTransactionManager manager) {
            return new TransactionalEventInterceptor(new TransactionTemplate(manager));
        }

        @Bean
        static TransactionalInboxPostProcessor sagaflowTransactionalInboxPostProcessor(
                ObjectProvider<PlatformTransactionManager> transactionManager) {
            return new TransactionalInboxPostProcessor(transactionManager);
        }
    }

    /** Saga counters, step timers and in-flight gauges, when the application has a meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        SagaMetrics sagaMetrics(MeterRegistry registry, SagaStore store) {
            return new SagaMetrics(registry, store);
        }
    }

    /** Trace context in message headers, when the application has an observation registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static class ObservationConfiguration {
        @Bean
        @ConditionalOnMissingBean
        ObservationMessageInterceptor sagaflowObservationInterceptor(ObservationRegistry registry) {
            return new ObservationMessageInterceptor(registry);
        }
    }
}

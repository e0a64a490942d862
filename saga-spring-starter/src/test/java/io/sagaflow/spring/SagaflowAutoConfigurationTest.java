package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.SagaStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;

class SagaflowAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SagaflowAutoConfiguration.class,
                    SagaflowActuatorAutoConfiguration.class));

    @Test
    void usesInMemoryDefaultsWithoutConfiguration() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(MessageBroker.class).isInstanceOf(InMemoryMessageBroker.class);
            assertThat(context).getBean(SagaStore.class).isInstanceOf(InMemorySagaStore.class);
            assertThat(context).getBean(MessageCodec.class).isInstanceOf(JacksonMessageCodec.class);
            assertThat(context).getBean(ParticipantInbox.class).isInstanceOf(InMemoryParticipantInbox.class);
            assertThat(context).hasSingleBean(SagaEngine.class).hasSingleBean(ParticipantRuntime.class)
                    .hasSingleBean(SagaflowLifecycle.class).hasSingleBean(SagaDefinitions.class);
            assertThat(context.getBean(SagaEngineConfig.class)).isEqualTo(SagaEngineConfig.ofDefaults());
            assertThat(context.getBean(SagaflowLifecycle.class).isRunning()).isTrue();
            assertThat(context).doesNotHaveBean(SagaMetrics.class).doesNotHaveBean(ObservationMessageInterceptor.class)
                    .doesNotHaveBean(SagasEndpoint.class);
        });
    }

    @Test
    void theInMemoryStoreKeepsAsManyEndedSagasAsConfigured() {
        runner.withPropertyValues("sagaflow.in-memory.keep-settled=25").run(context ->
                assertThat(context.getBean(InMemorySagaStore.class).keepSettled()).isEqualTo(25));
        runner.run(context -> assertThat(context.getBean(InMemorySagaStore.class).keepSettled())
                .isEqualTo(InMemorySagaStore.DEFAULT_KEEP_SETTLED));
    }

    @Test
    void theInMemoryBrokerDispatchesAsConfigured() {
        runner.withPropertyValues("sagaflow.in-memory.dispatch=direct").run(context ->
                assertThat(context.getBean(InMemoryMessageBroker.class).dispatch())
                        .isEqualTo(InMemoryMessageBroker.Dispatch.DIRECT));
        runner.run(context -> assertThat(context.getBean(InMemoryMessageBroker.class).dispatch())
                .isEqualTo(InMemoryMessageBroker.Dispatch.QUEUED));
    }

    @Test
    void stopsEngineAndRuntimeWithTheContextAndRefusesToRestart() {
        runner.run(context -> {
            SagaflowLifecycle lifecycle = context.getBean(SagaflowLifecycle.class);
            context.stop();
            assertThat(lifecycle.isRunning()).isFalse();
            assertThatThrownBy(lifecycle::start).isInstanceOf(SagaflowConfigurationException.class)
                    .hasMessageContaining("cannot start again");
        });
    }

    @Test
    void backsOffWhenUserDefinesSagaStore() {
        InMemorySagaStore mine = new InMemorySagaStore();
        runner.withBean("myStore", SagaStore.class, () -> mine).run(context -> {
            assertThat(context).hasSingleBean(SagaStore.class);
            assertThat(context.getBean(SagaStore.class)).isSameAs(mine);
        });
    }

    @Test
    void backsOffWhenUserDefinesMessageBroker() {
        InMemoryMessageBroker mine = new InMemoryMessageBroker(1, Duration.ofMillis(1), 1);
        runner.withBean("myBroker", MessageBroker.class, () -> mine).run(context -> {
            assertThat(context).hasSingleBean(MessageBroker.class);
            assertThat(context.getBean(MessageBroker.class)).isSameAs(mine);
        });
    }

    @Test
    void backsOffWhenUserDefinesEngineRuntimeCodecAndInbox() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context.getBean(SagaEngine.class)).isSameAs(context.getBean("ownEngine"));
            assertThat(context.getBean(ParticipantRuntime.class)).isSameAs(context.getBean("ownRuntime"));
            assertThat(context.getBean(MessageCodec.class)).isSameAs(context.getBean("ownCodec"));
            assertThat(context.getBean(ParticipantInbox.class)).isSameAs(context.getBean("ownInbox"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBeans {
        @Bean(destroyMethod = "")
        SagaEngine ownEngine() {
            return SagaEngine.builder().build();
        }

        @Bean(destroyMethod = "")
        ParticipantRuntime ownRuntime() {
            return ParticipantRuntime.builder().broker(new InMemoryMessageBroker()).build();
        }

        @Bean
        MessageCodec ownCodec() {
            return JacksonMessageCodec.builder().maxPayloadBytes(10).build();
        }

        @Bean
        ParticipantInbox ownInbox() {
            return (command, work) -> work.execute(command);
        }
    }

    @Test
    void bindsEngineAndBrokerProperties() {
        runner.withPropertyValues("sagaflow.engine.reply-group=billing", "sagaflow.engine.timer-poll-interval=50ms",
                "sagaflow.engine.default-timeout=30s", "sagaflow.engine.relay-threads=3",
                "sagaflow.codec.max-payload-bytes=2048").run(context -> {
                    SagaEngineConfig config = context.getBean(SagaEngineConfig.class);
                    assertThat(config.replyGroup()).isEqualTo("billing");
                    assertThat(config.relayThreads()).isEqualTo(3);
                    assertThat(config.timerPollInterval()).isEqualTo(Duration.ofMillis(50));
                    assertThat(config.defaultTimeout()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(((JacksonMessageCodec) context.getBean(MessageCodec.class)).maxPayloadBytes())
                            .isEqualTo(2048);
                });
    }

    @Test
    void refusesToStartWithNoRelayThreadNamingTheValue() {
        runner.withPropertyValues("sagaflow.engine.relay-threads=0").run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            assertThat(cause).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("relayThreads must be between 1 and 64, was 0");
        });
    }

    @Test
    void runsNoEngineWhenDisabledButStillHostsParticipants() {
        runner.withPropertyValues("sagaflow.engine.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(SagaEngine.class).hasSingleBean(ParticipantRuntime.class);
            assertThat(context.getBean(SagaflowLifecycle.class).isRunning()).isTrue();
        });
        runner.withPropertyValues("sagaflow.participants.enabled=false").run(context ->
                assertThat(context).hasSingleBean(SagaEngine.class).doesNotHaveBean(ParticipantRuntime.class));
    }

    @Test
    void registersAnnotatedSagasAndParticipantsFromBeans() {
        runner.withBean(TestSagas.BookTripSaga.class).withBean(TestSagas.Hotel.class).run(context -> {
            assertThat(context.getBean(SagaEngine.class).definitions()).extracting(d -> d.name())
                    .containsExactly("book-trip");
            assertThat(context.getBean(SagaDefinitions.class).named("book-trip", TestSagas.Trip.class).steps())
                    .hasSize(2);
            assertThat(context.getBean(SagaDefinitions.class).of(TestSagas.BookTripSaga.class).name())
                    .isEqualTo("book-trip");
        });
    }

    @Test
    void appliesCustomizersAfterTheDefaults() {
        List<String> calls = new CopyOnWriteArrayList<>();
        runner.withBean(SagaEngineCustomizer.class, () -> builder -> calls.add("engine"))
                .withBean(ParticipantRuntimeCustomizer.class, () -> builder -> calls.add("runtime"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(calls).containsExactlyInAnyOrder("engine", "runtime");
                });
    }

    @Test
    void failsClearlyWhenRabbitMqIsSelectedButItsModuleIsMissing() {
        runner.withClassLoader(new FilteredClassLoader("io.sagaflow.rabbitmq"))
                .withPropertyValues("sagaflow.broker=rabbitmq").run(context -> assertThat(context).getFailure()
                .rootCause().isInstanceOf(SagaflowConfigurationException.class)
                .hasMessageContaining("add the dependency io.sagaflow:saga-rabbitmq"));
    }

    @Test
    void selectsRabbitMqByPropertyOrConnectionSettings() {
        // The RabbitMQ group is guarded by this condition; RabbitMqAutoConfigurationTest connects for real.
        ApplicationContextRunner conditional = new ApplicationContextRunner()
                .withUserConfiguration(OnRabbitMq.class);
        conditional.run(context -> assertThat(context).doesNotHaveBean("rabbitSelected"));
        conditional.withPropertyValues("sagaflow.broker=rabbitmq")
                .run(context -> assertThat(context).hasBean("rabbitSelected"));
        conditional.withPropertyValues("sagaflow.rabbitmq.host=rabbit.internal")
                .run(context -> assertThat(context).hasBean("rabbitSelected"));
        conditional.withPropertyValues("sagaflow.rabbitmq.uri=amqp://rabbit")
                .run(context -> assertThat(context).hasBean("rabbitSelected"));
        conditional.withPropertyValues("sagaflow.broker=in-memory", "sagaflow.rabbitmq.host=rabbit.internal")
                .run(context -> assertThat(context).doesNotHaveBean("rabbitSelected"));
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(RabbitMqBrokerCondition.class)
    static class OnRabbitMq {
        @Bean
        String rabbitSelected() {
            return "yes";
        }
    }

    @Test
    void addsMetricsOnlyWithAMeterRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(SagaMetrics.class);
            assertThat(context.getBean(MeterRegistry.class).find("sagaflow.sagas.active").gauges()).hasSize(3);
        });
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SagaMetrics.class));
    }

    @Test
    void addsTheTracingInterceptorOnlyWithAnObservationRegistry() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .run(context -> assertThat(context).hasSingleBean(ObservationMessageInterceptor.class));
        runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class, MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(ObservationMessageInterceptor.class));
    }

    @Test
    void wrapsTheInboxInTransactionsWhenATransactionManagerExists() {
        runner.withBean(PlatformTransactionManager.class, NoOpTransactions::new).run(context -> {
            assertThat(context.getBean(ParticipantInbox.class)).isInstanceOf(TransactionalParticipantInbox.class);
            assertThat(context).hasSingleBean(TransactionalEventInterceptor.class);
        });
        runner.withBean(PlatformTransactionManager.class, NoOpTransactions::new)
                .withPropertyValues("sagaflow.participants.transactional=false")
                .run(context -> assertThat(context.getBean(ParticipantInbox.class))
                        .isInstanceOf(InMemoryParticipantInbox.class));
        runner.withClassLoader(new FilteredClassLoader(PlatformTransactionManager.class))
                .run(context -> {
                    assertThat(context.getBean(ParticipantInbox.class)).isInstanceOf(InMemoryParticipantInbox.class);
                    assertThat(context).doesNotHaveBean(TransactionalEventInterceptor.class);
                });
    }

    static final class NoOpTransactions implements PlatformTransactionManager {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
            // nothing to commit
        }

        @Override
        public void rollback(TransactionStatus status) {
            // nothing to roll back
        }
    }

    @Test
    void addsHealthIndicatorAndExposedEndpoint() {
        runner.run(context -> assertThat(context).hasSingleBean(SagaflowHealthIndicator.class)
                .doesNotHaveBean(SagasEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=health,sagas")
                .run(context -> assertThat(context).hasSingleBean(SagasEndpoint.class));
        runner.withPropertyValues("management.health.sagaflow.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SagaflowHealthIndicator.class));
    }
}

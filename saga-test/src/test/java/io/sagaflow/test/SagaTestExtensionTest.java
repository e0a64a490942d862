package io.sagaflow.test;

import static io.sagaflow.test.SagaAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.sagaflow.test.shop.Shop;
import io.sagaflow.test.shop.Shop.Order;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;

/** {@link SagaTest} and its extension, run through the JUnit engine on small test classes. */
class SagaTestExtensionTest {
    private static final Order ORDER = new Order("o-1", "sku-1", 3, 500);

    private static final String FIXTURE = "io.sagaflow.test.fixture";

    private static EngineTestKit.Builder run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter").configurationParameter(FIXTURE, "true")
                .selectors(selectClass(testClass));
    }

    /** Keeps the fixture classes below from running on their own (some fail on purpose). */
    static final class OnlyThroughTheTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURE).isPresent()
                    ? ConditionEvaluationResult.enabled("run by SagaTestExtensionTest")
                    : ConditionEvaluationResult.disabled("a fixture of SagaTestExtensionTest");
        }
    }

    @Test
    void givesEachTestAFreshHarnessOnTheDeclaredEnvironmentAndClosesIt() {
        RecordingEnvironment.created.set(0);
        RecordingEnvironment.closed.set(0);

        run(OnRecordingEnvironment.class).execute().testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

        assertThat(RecordingEnvironment.created).hasValue(2);
        assertThat(RecordingEnvironment.closed).hasValue(2);
    }

    @Test
    void usesTheDeclaredSeedUnlessTheSeedPropertyOverridesIt() {
        Seeded.seeds.clear();
        run(Seeded.class).execute().testEvents().assertStatistics(s -> s.succeeded(1));
        System.setProperty(SagaTestExtension.SEED_PROPERTY, "123");
        try {
            run(Seeded.class).execute().testEvents().assertStatistics(s -> s.succeeded(1));
        } finally {
            System.clearProperty(SagaTestExtension.SEED_PROPERTY);
        }

        assertThat(Seeded.seeds).containsExactly(99L, 123L);
    }

    @Test
    void aFailedSagaAssertionFailsTheTestWithTheSagasHistory() {
        run(WrongExpectation.class).execute().testEvents().assertThatEvents().haveExactly(1,
                event(test("expectsACompensation"), finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.contains("Expected the saga to end COMPENSATED but it ended COMPLETED")
                                && m.contains("SAGA_COMPLETED")))));
    }

    /** Counts the environments the extension creates and closes. */
    public static final class RecordingEnvironment implements SagaTestEnvironment.Factory {
        static final AtomicInteger created = new AtomicInteger();
        static final AtomicInteger closed = new AtomicInteger();

        @Override
        public SagaTestEnvironment create(String name) {
            created.incrementAndGet();
            SagaTestEnvironment inMemory = new InMemoryEnvironment().create(name);
            return new SagaTestEnvironment() {
                @Override
                public io.sagaflow.spi.MessageBroker broker() {
                    return inMemory.broker();
                }

                @Override
                public io.sagaflow.spi.SagaStore store() {
                    return inMemory.store();
                }

                @Override
                public void close() {
                    inMemory.close();
                    closed.incrementAndGet();
                }
            };
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    @SagaTest(environment = RecordingEnvironment.class)
    static class OnRecordingEnvironment {
        @Test
        void first(SagaHarness harness) {
            assertThat(harness.register(Shop.PLACE_ORDER).participants(new Shop().participants())
                    .run(Shop.PLACE_ORDER, ORDER)).completes();
        }

        @Test
        void second(SagaHarness harness) {
            assertThat(harness.transitions()).isEmpty();
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    @SagaTest(seed = 99)
    static class Seeded {
        static final List<Long> seeds = new CopyOnWriteArrayList<>();

        @Test
        void recordsTheSeed(SagaHarness harness) {
            seeds.add(harness.seed());
        }
    }

    @ExtendWith(OnlyThroughTheTestKit.class)
    @SagaTest
    static class WrongExpectation {
        @Test
        void expectsACompensation(SagaHarness harness) {
            harness.register(Shop.PLACE_ORDER).participants(new Shop().participants());
            assertThat(harness.run(Shop.PLACE_ORDER, ORDER)).isCompensated();
        }
    }
}

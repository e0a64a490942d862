package io.sagaflow.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 test class whose test methods take a {@link SagaHarness} parameter: each test gets a fresh harness
 * on a fresh environment, closed after the test.
 *
 * <pre>{@code
 * @SagaTest                                         // in memory
 * @SagaTest(environment = RabbitJdbcEnvironment.class, seed = 42)
 * class PlaceOrderTest {
 *     @Test
 *     void refundsWhenTheOrderCannotBeConfirmed(SagaHarness harness) { ... }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SagaTestExtension.class)
public @interface SagaTest {
    /** Means "a new random seed per test"; the seed is printed when a test fails. */
    long RANDOM_SEED = Long.MIN_VALUE;

    /** @return makes the broker and store; needs a public no-argument constructor */
    Class<? extends SagaTestEnvironment.Factory> environment() default InMemoryEnvironment.class;

    /** @return the seed of every random choice; system property {@code sagaflow.seed} overrides it */
    long seed() default RANDOM_SEED;
}

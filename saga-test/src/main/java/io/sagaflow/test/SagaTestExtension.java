package io.sagaflow.test;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JUnit 5 extension behind {@link SagaTest}: resolves {@link SagaHarness} parameters with a harness on the
 * annotation's environment and seed, closes it after the test, and on failure prints the seed to rerun with.
 *
 * <p>Also usable without the annotation, {@code @ExtendWith(SagaTestExtension.class)}: then the in-memory
 * environment and a random seed. Thread-safe; state lives in the JUnit extension context store.
 *
 * @since 0.1
 */
public final class SagaTestExtension implements ParameterResolver, AfterEachCallback, TestWatcher {
    /** System property that fixes the seed of every {@link SagaTest}, to rerun a failure. */
    public static final String SEED_PROPERTY = "sagaflow.seed";

    private static final Logger log = LoggerFactory.getLogger(SagaTestExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SagaTestExtension.class);

    /** Created by JUnit. */
    public SagaTestExtension() {
        // stateless
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SagaHarness.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent("harness", key -> create(context), SagaHarness.class);
    }

    private static SagaHarness create(ExtensionContext context) {
        Optional<SagaTest> annotation = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, SagaTest.class));
        SagaHarness.Builder builder = SagaHarness.builder()
                .environment(factory(annotation.map(SagaTest::environment).orElse(InMemoryEnvironment.class)));
        String property = System.getProperty(SEED_PROPERTY);
        if (property != null) {
            builder.seed(Long.parseLong(property.trim()));
        } else if (annotation.isPresent() && annotation.get().seed() != SagaTest.RANDOM_SEED) {
            builder.seed(annotation.get().seed());
        }
        return builder.build();
    }

    private static SagaTestEnvironment.Factory factory(Class<? extends SagaTestEnvironment.Factory> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new ExtensionConfigurationException("@SagaTest environment " + type.getName()
                    + " needs a public no-argument constructor that succeeds", cause);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        SagaHarness harness = context.getStore(NAMESPACE).get("harness", SagaHarness.class);
        if (harness != null) {
            log.error("{} failed with seed {}; rerun it with -D{}={}", context.getDisplayName(), harness.seed(),
                    SEED_PROPERTY, harness.seed());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // Kept in the store (closed) so that testFailed, which JUnit calls after afterEach, can print its seed.
        SagaHarness harness = context.getStore(NAMESPACE).get("harness", SagaHarness.class);
        if (harness != null) {
            harness.close();
        }
    }
}

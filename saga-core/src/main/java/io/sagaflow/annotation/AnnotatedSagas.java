package io.sagaflow.annotation;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaDefinitionException;

/**
 * Compiles a {@link Saga}-annotated object into a {@link SagaDefinition}, the same immutable definition the fluent
 * builder makes. The definition calls the object's methods, so the object must be thread-safe (a stateless class
 * is).
 *
 * <p>Every declaration is checked at once, when this is called (in Spring, when the application starts).
 *
 * @since 0.1
 */
public final class AnnotatedSagas {
    private AnnotatedSagas() {
    }

    /**
     * @param sagaBean an instance of a class annotated {@link Saga} (a proxy subclass of one is fine)
     * @return the saga's definition
     * @throws SagaDefinitionException naming the class, the method and the problem: the class is not annotated, a
     *     duplicate step name or order, a compensatable step without a {@link Compensation}, a method whose signature
     *     does not fit its annotation, a message or reply type that is not a concrete class or clashes with another
     *     by name, anything {@link SagaDefinition.Builder#build()} refuses
     */
    public static SagaDefinition<?> definitionOf(Object sagaBean) {
        return SagaCompiler.compile(sagaBean);
    }

    /** @param type a class @return whether it is annotated {@link Saga} */
    public static boolean isSaga(Class<?> type) {
        return type.isAnnotationPresent(Saga.class);
    }
}

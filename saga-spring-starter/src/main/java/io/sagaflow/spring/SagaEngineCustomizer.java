package io.sagaflow.spring;

import io.sagaflow.SagaEngine;

/**
 * Changes the {@link SagaEngine.Builder} before the auto-configured engine is built, for what properties cannot
 * say: a clock, more listeners or interceptors, extra payload types, a saga registered by hand. Customizer beans run
 * in {@link org.springframework.core.annotation.Order} order, after the starter has set broker, store, codec,
 * config, discovered sagas, listeners and interceptors.
 *
 * <p>Called once, on the thread that creates the engine bean.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface SagaEngineCustomizer {
    /** @param builder the engine's builder, to change in place */
    void customize(SagaEngine.Builder builder);
}

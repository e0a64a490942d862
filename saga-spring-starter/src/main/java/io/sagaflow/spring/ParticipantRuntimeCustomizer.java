package io.sagaflow.spring;

import io.sagaflow.ParticipantRuntime;

/**
 * Changes the {@link ParticipantRuntime.Builder} before the auto-configured runtime is built: a clock, another
 * interceptor, a participant built by hand. Customizer beans run in {@link org.springframework.core.annotation.Order}
 * order, after the starter has set broker, codec, inbox, discovered participants and interceptors.
 *
 * <p>Called once, on the thread that creates the runtime bean.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ParticipantRuntimeCustomizer {
    /** @param builder the runtime's builder, to change in place */
    void customize(ParticipantRuntime.Builder builder);
}

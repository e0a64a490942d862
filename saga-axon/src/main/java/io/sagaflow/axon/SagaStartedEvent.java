package io.sagaflow.axon;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A saga was created.
 *
 * @param sagaId the saga's id
 * @param sagaType its type
 * @param businessKey its business key, or null
 * @param at when
 * @since 0.1
 */
public record SagaStartedEvent(String sagaId, String sagaType, @Nullable String businessKey, Instant at)
        implements SagaLifecycleEvent {
}

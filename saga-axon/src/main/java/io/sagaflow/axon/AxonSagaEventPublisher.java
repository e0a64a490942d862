package io.sagaflow.axon;

import io.sagaflow.SagaEvent;
import io.sagaflow.SagaListener;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.messaging.core.MessageType;
import org.axonframework.messaging.eventhandling.EventMessage;
import org.axonframework.messaging.eventhandling.EventSink;
import org.axonframework.messaging.eventhandling.GenericEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SagaListener} that publishes every saga lifecycle change on Axon's {@link EventSink} (the event bus, or
 * an event store) as a {@link SagaLifecycleEvent} record, with the saga id and type also in the metadata
 * ({@link SagaflowMetadata#SAGA_ID}, {@link SagaflowMetadata#SAGA_TYPE}). Register it with
 * {@code SagaEngine.builder().listener(..)}.
 *
 * <p>Notifications, not a durable stream: the engine tells listeners after the change is stored, so an event is
 * lost if the process dies in between, and a publishing failure is logged, never thrown into the engine. Projections
 * that must not miss a saga reconcile against {@code SagaEngine.query(..)}.
 *
 * <p>Thread-safe if the sink is.
 *
 * @since 0.1
 */
public final class AxonSagaEventPublisher implements SagaListener {
    private static final Logger log = LoggerFactory.getLogger(AxonSagaEventPublisher.class);

    private final EventSink sink;

    /** @param sink where the events go: Axon's {@code EventBus}, {@code EventSink} or event store */
    public AxonSagaEventPublisher(EventSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void onEvent(SagaEvent event) {
        SagaLifecycleEvent payload = SagaLifecycleEvent.from(event);
        EventMessage message = new GenericEventMessage(new MessageType(payload.getClass()), payload,
                Map.of(SagaflowMetadata.SAGA_ID, payload.sagaId(), SagaflowMetadata.SAGA_TYPE, payload.sagaType()));
        try {
            sink.publish(null, List.of(message)).whenComplete((done, failure) -> {
                if (failure != null) {
                    log.warn("saga {} {}: publishing {} on Axon failed: {}", payload.sagaType(), payload.sagaId(),
                            payload.getClass().getSimpleName(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("saga {} {}: publishing {} on Axon failed: {}", payload.sagaType(), payload.sagaId(),
                    payload.getClass().getSimpleName(), e.toString());
        }
    }
}

package io.sagaflow.axon;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.axonframework.conversion.Converter;
import org.axonframework.messaging.core.Message;
import org.axonframework.messaging.core.MessageStream;
import org.axonframework.messaging.core.QualifiedName;
import org.axonframework.messaging.eventhandling.EventHandler;
import org.axonframework.messaging.eventhandling.EventHandlingComponent;
import org.axonframework.messaging.eventhandling.EventMessage;
import org.axonframework.messaging.eventhandling.SimpleEventHandlingComponent;
import org.axonframework.messaging.core.unitofwork.ProcessingContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a saga when an Axon event arrives: a function takes the saga's data and business key from the event, and
 * {@link SagaEngine#startSaga(SagaDefinition, Object, String)} starts at most one saga per key, so the same event
 * handled twice starts one saga.
 *
 * <pre>{@code
 * AxonSagaStarter<OrderPlaced, Order> starter = AxonSagaStarter.on(OrderPlaced.class, placeOrder,
 *     e -> new SagaStart<>(new Order(e.orderId(), e.sku(), e.amount()), e.orderId()));
 * }</pre>
 *
 * <p>Register it in an event processor with {@link #component(SagaEngine, List, Converter)} (what
 * {@link SagaflowAxonConfigurer} does), or call {@link #start(SagaEngine, Object)} from your own
 * {@code @EventHandler}. A failure to start (the store is down) fails the event's handling, so Axon's processor
 * retries or reports it by its error handler.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <E> the event type
 * @param <D> the saga data type
 * @since 0.1
 */
public final class AxonSagaStarter<E, D> {
    private static final Logger log = LoggerFactory.getLogger(AxonSagaStarter.class);

    private final Class<E> eventType;
    private final QualifiedName eventName;
    private final SagaDefinition<D> saga;
    private final Function<? super E, SagaStart<D>> mapping;

    private AxonSagaStarter(Class<E> eventType, QualifiedName eventName, SagaDefinition<D> saga,
                            Function<? super E, SagaStart<D>> mapping) {
        this.eventType = eventType;
        this.eventName = eventName;
        this.saga = saga;
        this.mapping = mapping;
    }

    /**
     * @param eventType the event's class; its Axon name is the class name (see {@link #named(QualifiedName)})
     * @param saga the saga to start, registered with the engine
     * @param mapping the saga's data and business key, from the event
     * @param <E> the event type
     * @param <D> the saga data type
     * @return the starter
     */
    public static <E, D> AxonSagaStarter<E, D> on(Class<E> eventType, SagaDefinition<D> saga,
                                                  Function<? super E, SagaStart<D>> mapping) {
        return new AxonSagaStarter<>(Objects.requireNonNull(eventType, "eventType"), new QualifiedName(eventType),
                Objects.requireNonNull(saga, "saga"), Objects.requireNonNull(mapping, "mapping"));
    }

    /**
     * @param name the event's Axon name, when the application's {@code MessageTypeResolver} names it otherwise
     * @return a copy handling events of that name
     */
    public AxonSagaStarter<E, D> named(QualifiedName name) {
        return new AxonSagaStarter<>(eventType, Objects.requireNonNull(name, "name"), saga, mapping);
    }

    /** @return the Axon name of the events handled */
    public QualifiedName eventName() {
        return eventName;
    }

    /** @return the saga started */
    public SagaDefinition<D> saga() {
        return saga;
    }

    /**
     * Starts the saga for one event, or finds the one already started with its business key.
     *
     * @param engine the engine the saga is registered with
     * @param event the event
     * @return the saga's id
     * @throws io.sagaflow.UnknownSagaException if the saga is not registered with the engine
     */
    public SagaId start(SagaEngine engine, E event) {
        SagaStart<D> start = Objects.requireNonNull(mapping.apply(event),
                "the mapping for " + eventType.getSimpleName() + " returned null");
        SagaId id = engine.startSaga(saga, start.data(), start.businessKey());
        log.debug("event {} with business key '{}' -> saga {} {}", eventName, start.businessKey(), saga.name(), id);
        return id;
    }

    /**
     * @param engine the engine the saga is registered with
     * @return an Axon event handler that starts the saga for each event whose payload is an {@code E} object
     */
    public EventHandler handler(SagaEngine engine) {
        return handler(engine, null);
    }

    /**
     * @param engine the engine the saga is registered with
     * @param converter reads payloads that arrive serialized (from an event store or Axon Server), e.g. Axon's
     *     {@code EventConverter}; null when events are objects in this JVM
     * @return an Axon event handler that starts the saga for each event
     */
    public EventHandler handler(SagaEngine engine, @Nullable Converter converter) {
        Objects.requireNonNull(engine, "engine");
        return (EventMessage message, ProcessingContext context) -> {
            try {
                Object payload = message.payload();
                start(engine, eventType.isInstance(payload) ? eventType.cast(payload)
                        : converter != null ? message.payloadAs(eventType, converter) : message.payloadAs(eventType));
                return MessageStream.empty();
            } catch (RuntimeException e) {
                log.warn("event {} ({}): starting saga {} failed: {}", eventName, message.identifier(), saga.name(),
                        e.toString());
                return MessageStream.<Message>failed(e);
            }
        };
    }

    /**
     * @param engine the engine the sagas are registered with
     * @param starters the starters, one event name each
     * @param converter reads serialized payloads, or null
     * @return an Axon event handling component subscribed to every starter's event
     */
    public static EventHandlingComponent component(SagaEngine engine, List<AxonSagaStarter<?, ?>> starters,
                                                   @Nullable Converter converter) {
        SimpleEventHandlingComponent component = new SimpleEventHandlingComponent();
        for (AxonSagaStarter<?, ?> starter : starters) {
            component.subscribe(starter.eventName(), starter.handler(engine, converter));
        }
        return component;
    }

    @Override
    public String toString() {
        return "start saga " + saga.name() + " on " + eventName;
    }
}

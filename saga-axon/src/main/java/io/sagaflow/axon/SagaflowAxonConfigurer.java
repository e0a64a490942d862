package io.sagaflow.axon;

import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.SagaEngine;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.MessageBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.axonframework.common.configuration.ComponentBuilder;
import org.axonframework.common.configuration.ComponentDefinition;
import org.axonframework.common.lifecycle.Phase;
import org.axonframework.messaging.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.core.configuration.MessagingConfigurer;
import org.axonframework.messaging.core.conversion.MessageConverter;
import org.axonframework.messaging.eventhandling.conversion.EventConverter;
import org.axonframework.messaging.eventhandling.EventSink;

/**
 * Adds Sagaflow to an Axon 5 application through Axon's own configuration API: registers an
 * {@link AxonCommandBroker} and a {@link SagaEngine} as components, publishes lifecycle events on the configured
 * {@link EventSink}, subscribes the {@link AxonSagaStarter}s in a subscribing event processor, and starts and stops
 * the engine with Axon's lifecycle.
 *
 * <pre>{@code
 * AxonConfiguration axon = SagaflowAxonConfigurer.create()
 *     .axonParticipants("inventory", "payment")
 *     .commandTypes(ReserveStock.class, ReleaseStock.class, ChargePayment.class)
 *     .saga(placeOrder)
 *     .startSaga(AxonSagaStarter.on(OrderPlaced.class, placeOrder, e -> new SagaStart<>(..., e.orderId())))
 *     .applyTo(MessagingConfigurer.create().registerCommandHandlingModule(...))
 *     .start();
 * SagaEngine engine = axon.getComponent(SagaEngine.class);
 * }</pre>
 *
 * <p>The engine starts in phase {@link Phase#INBOUND_EVENT_CONNECTORS}, after command handlers are subscribed, and
 * stops first; the broker (and its delegate) closes in phase {@link Phase#OUTBOUND_COMMAND_CONNECTORS}.
 *
 * <p>Not thread-safe: configure on one thread, then {@link #applyTo(MessagingConfigurer)} once.
 *
 * @since 0.1
 */
public final class SagaflowAxonConfigurer {
    /** The name of the subscribing event processor of the saga starters, by default. */
    public static final String DEFAULT_STARTER_PROCESSOR = "sagaflow-saga-starters";

    private final List<String> participants = new ArrayList<>();
    private final List<SagaDefinition<?>> sagas = new ArrayList<>();
    private final List<AxonSagaStarter<?, ?>> starters = new ArrayList<>();
    private final PayloadTypes.Builder commandTypes = PayloadTypes.builder();
    private ComponentBuilder<MessageBroker> delegateBroker = config -> new InMemoryMessageBroker();
    private Consumer<SagaEngine.Builder> engineCustomizer = builder -> { };
    private Consumer<AxonCommandBroker.Builder> brokerCustomizer = builder -> { };
    private boolean lifecycleEvents = true;
    private String starterProcessor = DEFAULT_STARTER_PROCESSOR;

    private SagaflowAxonConfigurer() {
    }

    /** @return a configurer with the in-memory delegate broker and lifecycle events on */
    public static SagaflowAxonConfigurer create() {
        return new SagaflowAxonConfigurer();
    }

    /** @param names participants whose commands go over Axon's command bus @return this configurer */
    public SagaflowAxonConfigurer axonParticipants(String... names) {
        participants.addAll(List.of(names));
        return this;
    }

    /**
     * @param types the Axon participants' command classes (and result classes not already a saga's reply type),
     *     registered on the allowlist under their simple names, as the engine sends them
     * @return this configurer
     */
    public SagaflowAxonConfigurer commandTypes(Class<?>... types) {
        for (Class<?> type : types) {
            commandTypes.register(type);
        }
        return this;
    }

    /** @param definition a saga to register with the engine @return this configurer */
    public SagaflowAxonConfigurer saga(SagaDefinition<?> definition) {
        sagas.add(Objects.requireNonNull(definition, "definition"));
        return this;
    }

    /** @param starter starts a saga from an Axon event; its saga is registered too @return this configurer */
    public SagaflowAxonConfigurer startSaga(AxonSagaStarter<?, ?> starter) {
        starters.add(Objects.requireNonNull(starter, "starter"));
        if (!sagas.contains(starter.saga())) {
            sagas.add(starter.saga());
        }
        return this;
    }

    /**
     * @param builder builds the broker for replies, events and non-Axon participants (e.g. RabbitMQ); default a new
     *     in-memory broker, which only works when the engine and its other participants share the JVM
     * @return this configurer
     */
    public SagaflowAxonConfigurer delegateBroker(ComponentBuilder<MessageBroker> builder) {
        this.delegateBroker = Objects.requireNonNull(builder, "builder");
        return this;
    }

    /** @param customizer sets the engine's store, codec, clock and config @return this configurer */
    public SagaflowAxonConfigurer engine(Consumer<SagaEngine.Builder> customizer) {
        this.engineCustomizer = Objects.requireNonNull(customizer, "customizer");
        return this;
    }

    /** @param customizer sets the broker's timeout, inbox, predicate and converter @return this configurer */
    public SagaflowAxonConfigurer broker(Consumer<AxonCommandBroker.Builder> customizer) {
        this.brokerCustomizer = Objects.requireNonNull(customizer, "customizer");
        return this;
    }

    /** @param enabled whether to publish {@link SagaLifecycleEvent}s on Axon's event sink @return this configurer */
    public SagaflowAxonConfigurer lifecycleEvents(boolean enabled) {
        this.lifecycleEvents = enabled;
        return this;
    }

    /** @param name the subscribing processor of the saga starters @return this configurer */
    public SagaflowAxonConfigurer starterProcessor(String name) {
        this.starterProcessor = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Registers the broker, the engine, the lifecycle hooks and the starters' processor.
     *
     * @param configurer the application's Axon configurer
     * @return the same configurer, to go on or {@code build()}
     * @throws SagaDefinitionException if no participant is mapped to Axon or no saga is registered
     */
    public MessagingConfigurer applyTo(MessagingConfigurer configurer) {
        if (sagas.isEmpty()) {
            throw new SagaDefinitionException("Sagaflow on Axon needs at least one saga: call saga(..)");
        }
        List<String> axonParticipants = List.copyOf(participants);
        List<SagaDefinition<?>> definitions = List.copyOf(sagas);
        List<AxonSagaStarter<?, ?>> startSagas = List.copyOf(starters);
        PayloadTypes types = commandTypes.build();
        if (axonParticipants.isEmpty()) {
            throw new SagaDefinitionException("Sagaflow on Axon needs at least one participant on Axon: call"
                    + " axonParticipants(..)");
        }
        configurer.componentRegistry(registry -> registry
                .registerComponent(ComponentDefinition.ofType(AxonCommandBroker.class)
                        .withBuilder(config -> {
                            PayloadTypes all = types;
                            for (SagaDefinition<?> definition : definitions) {
                                all = all.merge(definition.payloadTypes());
                            }
                            AxonCommandBroker.Builder builder = AxonCommandBroker.builder(
                                            delegateBroker.build(config), config.getComponent(CommandGateway.class))
                                    .participants(axonParticipants.toArray(String[]::new))
                                    .payloadTypes(all);
                            config.getOptionalComponent(MessageConverter.class).ifPresent(builder::resultConverter);
                            brokerCustomizer.accept(builder);
                            return builder.build();
                        })
                        .onShutdown(Phase.OUTBOUND_COMMAND_CONNECTORS, AxonCommandBroker::close))
                .registerComponent(ComponentDefinition.ofType(SagaEngine.class)
                        .withBuilder(config -> {
                            SagaEngine.Builder builder = SagaEngine.builder()
                                    .broker(config.getComponent(AxonCommandBroker.class))
                                    .payloadTypes(types);
                            definitions.forEach(builder::register);
                            if (lifecycleEvents) {
                                builder.listener(new AxonSagaEventPublisher(config.getComponent(EventSink.class)));
                            }
                            engineCustomizer.accept(builder);
                            return builder.build();
                        })
                        .onStart(Phase.INBOUND_EVENT_CONNECTORS, SagaEngine::start)
                        .onShutdown(Phase.INBOUND_EVENT_CONNECTORS, SagaEngine::close)));
        if (!startSagas.isEmpty()) {
            configurer.eventProcessing(processing -> processing.subscribing(subscribing -> subscribing.processor(
                    starterProcessor, phase -> phase.eventHandlingComponents(components -> components.declarative(
                                    config -> AxonSagaStarter.component(config.getComponent(SagaEngine.class),
                                            startSagas, config.getOptionalComponent(EventConverter.class)
                                                    .orElse(null))))
                            .notCustomized())));
        }
        return configurer;
    }
}

package io.sagaflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A participant service's handlers: one command handler per command type, and event handlers per topic. Immutable;
 * hosted on a broker by {@link ParticipantRuntime}.
 *
 * <pre>{@code
 * Participant inventory = Participant.builder("inventory")
 *     .onCommand(ReserveStock.class, (cmd, ctx) -> stock.reserve(cmd, ctx.idempotencyKey())
 *         ? CommandOutcome.success(new StockReserved(cmd.orderId()))
 *         : CommandOutcome.failure("out of stock: " + cmd.sku()))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class Participant {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String name;
    private final Map<Class<?>, CommandHandler<?>> commandHandlers;
    private final List<EventSubscription<?>> eventHandlers;
    private final PayloadTypes payloadTypes;

    private Participant(String name, Map<Class<?>, CommandHandler<?>> commandHandlers,
                        List<EventSubscription<?>> eventHandlers, PayloadTypes payloadTypes) {
        this.name = name;
        this.commandHandlers = Map.copyOf(commandHandlers);
        this.eventHandlers = List.copyOf(eventHandlers);
        this.payloadTypes = payloadTypes;
    }

    /**
     * @param name the participant's name, as sagas address it
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the participant's name */
    public String name() {
        return name;
    }

    /** @return the command handlers by command type */
    public Map<Class<?>, CommandHandler<?>> commandHandlers() {
        return commandHandlers;
    }

    /** @return the event handlers */
    public List<EventSubscription<?>> eventHandlers() {
        return eventHandlers;
    }

    /** @return the command and event types this participant accepts */
    public PayloadTypes payloadTypes() {
        return payloadTypes;
    }

    /**
     * An event handler for one topic and type.
     *
     * @param topic the topic
     * @param type the event type
     * @param handler the handler
     * @param <E> the event type
     */
    public record EventSubscription<E>(String topic, Class<E> type, EventHandler<E> handler) {
    }

    /** Collects handlers, refusing a second handler for one type. */
    public static final class Builder {
        private final String name;
        private final Map<Class<?>, CommandHandler<?>> commandHandlers = new LinkedHashMap<>();
        private final Map<String, EventSubscription<?>> eventHandlers = new LinkedHashMap<>();
        private final PayloadTypes.Builder types = PayloadTypes.builder();

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new SagaDefinitionException("participant name '" + name + "' must match " + NAME.pattern());
            }
            this.name = name;
        }

        /**
         * @param type the command's class, registered on the allowlist under its simple name
         * @param handler handles it
         * @param <C> the command type
         * @return this builder
         */
        public <C> Builder onCommand(Class<C> type, CommandHandler<C> handler) {
            return onCommand(type.getSimpleName(), type, handler);
        }

        /**
         * @param typeName the logical name the command travels under
         * @param type the command's class
         * @param handler handles it
         * @param <C> the command type
         * @return this builder
         * @throws SagaDefinitionException if the type already has a handler
         */
        public <C> Builder onCommand(String typeName, Class<C> type, CommandHandler<C> handler) {
            Objects.requireNonNull(handler, "handler");
            if (commandHandlers.containsKey(type)) {
                throw new SagaDefinitionException(
                        "participant '" + name + "': a second handler for command " + type.getName());
            }
            types.register(typeName, type);
            commandHandlers.put(type, handler);
            return this;
        }

        /**
         * @param topic the topic to subscribe to
         * @param type the event's class
         * @param handler handles it
         * @param <E> the event type
         * @return this builder
         * @throws SagaDefinitionException if the topic and type already have a handler
         */
        public <E> Builder onEvent(String topic, Class<E> type, EventHandler<E> handler) {
            Objects.requireNonNull(handler, "handler");
            String key = topic + "/" + type.getName();
            if (eventHandlers.containsKey(key)) {
                throw new SagaDefinitionException("participant '" + name + "': a second handler for event "
                        + type.getName() + " on topic '" + topic + "'");
            }
            types.register(type);
            eventHandlers.put(key, new EventSubscription<>(topic, type, handler));
            return this;
        }

        /**
         * @return the participant
         * @throws SagaDefinitionException if it has no handlers
         */
        public Participant build() {
            if (commandHandlers.isEmpty() && eventHandlers.isEmpty()) {
                throw new SagaDefinitionException("participant '" + name + "' has no command or event handlers");
            }
            return new Participant(name, commandHandlers, List.copyOf(eventHandlers.values()), types.build());
        }
    }
}

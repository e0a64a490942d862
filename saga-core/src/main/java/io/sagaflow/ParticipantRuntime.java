package io.sagaflow;

import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageInterceptor;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.Subscription;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts participants on a broker: consumes their commands, decodes each into a type from the participant's
 * allowlist, runs the handler through the {@link ParticipantInbox} (once per message id), and replies.
 *
 * <p>Failure paths: a handler's business failure is a failure reply; an exception is an error reply, which the
 * orchestrator retries by its policy; a command that cannot be read is answered with an error reply (so the saga
 * does not wait for ever) and dead-lettered with the reason.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class ParticipantRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParticipantRuntime.class);

    private final MessageBroker broker;
    private final MessageCodec codec;
    private final ParticipantInbox inbox;
    private final InstantSource clock;
    private final List<Participant> participants;
    private final MessageInterceptor interceptor;
    private final List<Subscription> subscriptions = new ArrayList<>();

    private ParticipantRuntime(Builder builder, MessageBroker broker) {
        this.broker = broker;
        this.codec = builder.codec != null ? builder.codec : JacksonMessageCodec.ofDefaults();
        this.inbox = builder.inbox != null ? builder.inbox
                : broker.inProcess() ? new Unrecorded(broker) : new InMemoryParticipantInbox(broker);
        this.clock = builder.clock;
        this.participants = List.copyOf(builder.participants.values());
        this.interceptor = MessageInterceptor.composite(builder.interceptors);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Subscribes every participant's command channel and event topics. Idempotent.
     *
     * @throws io.sagaflow.BrokerException if a subscription fails (the broker is away); then nothing stays
     *     subscribed and {@code start()} may be called again
     */
    public synchronized void start() {
        if (!subscriptions.isEmpty()) {
            return;
        }
        try {
            subscribeAll();
        } catch (RuntimeException e) {
            // All or nothing, so that a later start() subscribes every participant, not none.
            subscriptions.forEach(Subscription::close);
            subscriptions.clear();
            throw e;
        }
    }

    private void subscribeAll() {
        for (Participant participant : participants) {
            // Each handling made once, not per delivery (a lambda capturing the participant is an object).
            if (!participant.commandHandlers().isEmpty()) {
                MessageHandler commands = e -> onCommand(participant, e);
                subscriptions.add(broker.subscribe(Destination.commands(participant.name()),
                        MessageBroker.DEFAULT_GROUP, envelope -> interceptor.aroundReceive(envelope, commands)));
            }
            for (Participant.EventSubscription<?> events : participant.eventHandlers()) {
                MessageHandler handling = e -> onEvent(participant, events, e);
                subscriptions.add(broker.subscribe(Destination.events(events.topic()), participant.name(),
                        envelope -> interceptor.aroundReceive(envelope, handling)));
            }
            log.info("participant '{}' started: commands {}", participant.name(),
                    participant.payloadTypes().asMap().keySet());
        }
    }

    private void onCommand(Participant participant, Envelope command) throws Exception {
        CommandHandler<Object> handler;
        Object payload;
        try {
            if (command.kind() != MessageKind.COMMAND) {
                throw new MessageRejectedException("participant '" + participant.name() + "': message "
                        + command.messageId() + " is a " + command.kind() + ", not a command");
            }
            if (command.replyTo() == null) {
                throw new MessageRejectedException("participant '" + participant.name() + "': command "
                        + command.messageId() + " has no reply-to");
            }
            if (command.type() == null) {
                throw new MessageRejectedException("participant '" + participant.name() + "': command "
                        + command.messageId() + " has no payload type");
            }
            Class<?> type = participant.payloadTypes().classFor(command.type());
            handler = handlerFor(participant, type);
            payload = codec.decode(command.payload(), type);
        } catch (MessageRejectedException e) {
            replyUnreadable(participant, command, e);
            throw e;
        }
        CommandContext context = new CommandContext(command.messageId(), command.sagaId(), command.sagaType(),
                command.step(), direction(command), attempt(command));
        try {
            inbox.process(command, c -> reply(c, handler.handle(payload, context)));
        } catch (MessageRejectedException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("participant '{}': {} failed technically; telling the orchestrator to retry: {}",
                    participant.name(), command, e.toString());
            broker.publish(List.of(reply(command, MessageKind.REPLY_ERROR, null, e.toString())));
        }
    }

    @SuppressWarnings("unchecked")
    private static CommandHandler<Object> handlerFor(Participant participant, Class<?> type) {
        CommandHandler<?> handler = participant.commandHandlers().get(type);
        if (handler == null) {
            throw new MessageRejectedException("participant '" + participant.name() + "' has no handler for "
                    + type.getSimpleName());
        }
        return (CommandHandler<Object>) handler;
    }

    private void replyUnreadable(Participant participant, Envelope command, MessageRejectedException e) {
        if (command.replyTo() == null || command.sagaId() == null) {
            return;
        }
        try {
            broker.publish(List.of(reply(command, MessageKind.REPLY_ERROR, null,
                    "participant '" + participant.name() + "' rejected the command: " + e.getMessage())));
        } catch (RuntimeException publishFailure) {
            log.warn("participant '{}': could not tell the orchestrator that {} is unreadable: {}",
                    participant.name(), command, publishFailure.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private void onEvent(Participant participant, Participant.EventSubscription<?> subscription, Envelope event)
            throws Exception {
        if (event.type() == null) {
            throw new MessageRejectedException("participant '" + participant.name() + "': event "
                    + event.messageId() + " has no payload type");
        }
        Class<?> type = participant.payloadTypes().classFor(event.type());
        if (type != subscription.type()) {
            return; // another handler of this participant on the same topic takes it
        }
        Object payload = codec.decode(event.payload(), type);
        ((EventHandler<Object>) subscription.handler()).handle(payload);
    }

    private Envelope reply(Envelope command, CommandOutcome outcome) {
        return switch (outcome) {
            case CommandOutcome.Success success -> reply(command, MessageKind.REPLY_SUCCESS, success.reply(), null);
            case CommandOutcome.Failure failure -> reply(command, MessageKind.REPLY_FAILURE, null, failure.reason());
        };
    }

    private Envelope reply(Envelope command, MessageKind kind, @Nullable Object payload, @Nullable String reason) {
        return interceptor.beforeSend(command.reply(kind, payload == null ? null : payload.getClass().getSimpleName(),
                payload == null ? new byte[0] : codec.encode(payload), reason, clock.instant()));
    }

    private static Direction direction(Envelope command) {
        return Direction.COMPENSATION.name().equals(command.header(Envelope.DIRECTION)) ? Direction.COMPENSATION
                : Direction.FORWARD;
    }

    private static int attempt(Envelope command) {
        try {
            return Integer.parseInt(Objects.requireNonNullElse(command.header(Envelope.ATTEMPT), "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Stops consuming; unacknowledged commands go to other instances. */
    @Override
    public synchronized void close() {
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }

    /**
     * Runs each command and publishes its reply, recording nothing: the default with an in-process broker, which
     * delivers a command once and again only after its handler failed, when an inbox would have recorded nothing
     * either.
     */
    private record Unrecorded(MessageBroker broker) implements ParticipantInbox {
        @Override
        public void process(Envelope command, io.sagaflow.spi.CommandWork work) throws Exception {
            broker.publish(List.of(work.execute(command)));
        }
    }

    /** Assembles a {@link ParticipantRuntime}. */
    public static final class Builder {
        private @Nullable MessageBroker broker;
        private @Nullable MessageCodec codec;
        private @Nullable ParticipantInbox inbox;
        private InstantSource clock = InstantSource.system();
        private final Map<String, Participant> participants = new java.util.LinkedHashMap<>();
        private final List<MessageInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param messageInterceptor sees the commands and events received and the replies sent; several are applied
         *     in the order added
         * @return this builder
         */
        public Builder interceptor(MessageInterceptor messageInterceptor) {
            interceptors.add(Objects.requireNonNull(messageInterceptor, "messageInterceptor"));
            return this;
        }

        /** @param messageBroker where commands come from @return this builder */
        public Builder broker(MessageBroker messageBroker) {
            this.broker = Objects.requireNonNull(messageBroker, "messageBroker");
            return this;
        }

        /** @param messageCodec the codec; default Jackson @return this builder */
        public Builder codec(MessageCodec messageCodec) {
            this.codec = Objects.requireNonNull(messageCodec, "messageCodec");
            return this;
        }

        /**
         * @param participantInbox the inbox; by default an {@link InMemoryParticipantInbox}, or none when the broker
         *     {@linkplain MessageBroker#inProcess() is in-process} (it never delivers a command twice, so there is
         *     nothing to deduplicate)
         * @return this builder
         */
        public Builder inbox(ParticipantInbox participantInbox) {
            this.inbox = Objects.requireNonNull(participantInbox, "participantInbox");
            return this;
        }

        /** @param instantSource the clock @return this builder */
        public Builder clock(InstantSource instantSource) {
            this.clock = Objects.requireNonNull(instantSource, "instantSource");
            return this;
        }

        /** @param participant a participant to host @return this builder */
        public Builder participant(Participant participant) {
            if (participants.putIfAbsent(participant.name(), participant) != null) {
                throw new SagaDefinitionException("participant '" + participant.name() + "' is added twice");
            }
            return this;
        }

        /** @return the runtime, not yet started */
        public ParticipantRuntime build() {
            if (broker == null) {
                throw new SagaDefinitionException("a participant runtime needs a broker");
            }
            return new ParticipantRuntime(this, broker);
        }
    }
}

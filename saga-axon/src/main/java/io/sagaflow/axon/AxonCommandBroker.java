package io.sagaflow.axon;

import io.sagaflow.BrokerException;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.Subscription;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.axonframework.conversion.Converter;
import org.axonframework.messaging.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MessageBroker} decorator that sends the commands of chosen participants over Axon's command bus instead
 * of the delegate broker: the command is decoded from the allowlist, dispatched on the {@link CommandGateway} (so
 * Axon Server or a distributed command bus carries it to the service that handles it), and Axon's result becomes
 * the step's reply, published through the delegate to the envelope's reply-to:
 * <ul>
 *   <li>a result, or {@link io.sagaflow.CommandOutcome#success(Object)}: a success reply with the result, or without
 *       it when its type is not on the allowlist (no saga step reads it: an aggregate id, say);</li>
 *   <li>{@link io.sagaflow.CommandOutcome#failure(String)}, or an exception the business-failure predicate accepts
 *       (default: a {@link CommandRejectedException} in the cause chain): a failure reply, and the saga compensates;
 *   </li>
 *   <li>any other exception, no handler, or no result within the command timeout: an error reply, retried by the
 *       step's {@link io.sagaflow.RetryPolicy}.</li>
 * </ul>
 * Everything else (replies, events, other participants' commands, subscriptions) goes to the delegate unchanged.
 *
 * <p>Delivery: each command runs through a {@link ParticipantInbox} keyed by message id, so a command envelope
 * published twice (an outbox relay retrying a batch) is dispatched on Axon once and its reply sent again. Axon
 * commands are request-reply, not durable messages: a command in flight when this process dies is lost, so give
 * Axon steps a {@link io.sagaflow.SagaDefinition.StepBuilder#timeout(Duration) timeout}; the retry after it carries
 * a new message id, and Axon handlers should use {@link SagaflowMetadata#IDEMPOTENCY_KEY} to apply it once.
 *
 * <p>Thread-safe. Commands are dispatched on virtual threads, so {@link #publish} never waits for a handler.
 * {@link #close()} waits briefly for commands in flight, then closes the delegate.
 *
 * @since 0.1
 */
public final class AxonCommandBroker implements MessageBroker {
    private static final Logger log = LoggerFactory.getLogger(AxonCommandBroker.class);

    /** How long to wait for Axon's result by default before answering with an error reply. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close()} waits for commands in flight by default. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final MessageBroker delegate;
    private final Set<String> participants;
    private final ParticipantInbox inbox;
    private final AxonCommandDispatcher dispatcher;
    private final Duration shutdownGrace;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sagaflow-axon-command-", 0).factory());
    private final AtomicBoolean open = new AtomicBoolean(true);

    private AxonCommandBroker(Builder builder) {
        this.delegate = builder.delegate;
        this.participants = Set.copyOf(builder.participants);
        this.inbox = builder.inbox != null ? builder.inbox : new InMemoryParticipantInbox(builder.delegate);
        this.shutdownGrace = builder.shutdownGrace;
        this.dispatcher = new AxonCommandDispatcher(builder.gateway,
                builder.codec != null ? builder.codec : JacksonMessageCodec.ofDefaults(), builder.payloadTypes,
                builder.businessFailure, builder.resultConverter, builder.commandTimeout, builder.clock, executor);
    }

    /**
     * @param delegate carries replies, events and every other participant's commands
     * @param gateway dispatches the Axon participants' commands
     * @return a builder
     */
    public static Builder builder(MessageBroker delegate, CommandGateway gateway) {
        return new Builder(delegate, gateway);
    }

    /** @return the participants whose commands go over Axon */
    public Set<String> axonParticipants() {
        return participants;
    }

    /**
     * Sends Axon participants' commands over Axon and returns once they are handed to a dispatching thread; sends
     * the rest through the delegate.
     *
     * @throws BrokerException if this broker is closed, or the delegate did not confirm its messages
     */
    @Override
    public void publish(List<Envelope> messages) {
        if (!open.get()) {
            throw new BrokerException("the Axon command broker is closed; " + messages.size()
                    + " messages not sent");
        }
        List<Envelope> toDelegate = new ArrayList<>();
        List<Envelope> toAxon = new ArrayList<>();
        for (Envelope message : messages) {
            (isAxonCommand(message) ? toAxon : toDelegate).add(message);
        }
        if (!toDelegate.isEmpty()) {
            delegate.publish(toDelegate);
        }
        for (Envelope command : toAxon) {
            try {
                executor.execute(() -> process(command));
            } catch (RejectedExecutionException e) {
                throw new BrokerException("the Axon command broker is closing; " + command + " not sent", e);
            }
        }
    }

    private boolean isAxonCommand(Envelope message) {
        return message.destination().kind() == Destination.Kind.COMMANDS
                && participants.contains(message.destination().name());
    }

    private void process(Envelope command) {
        try {
            dispatcher.decode(command);
        } catch (MessageRejectedException e) {
            // Nothing will ever read it: tell the saga at once rather than let it wait for a timeout.
            log.error("{} cannot be sent over Axon: {}", command, e.getMessage());
            replyError(command, "rejected before dispatch: " + e.getMessage());
            return;
        }
        log.debug("dispatching {} on Axon", command);
        try {
            inbox.process(command, dispatcher::dispatch);
        } catch (AxonCommandFailedException e) {
            log.warn("{}; telling the orchestrator to retry", e.getMessage());
            replyError(command, "Axon command " + command.type() + " failed: " + e.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("{}: interrupted while waiting for Axon's result; the step's timeout retries it", command);
        } catch (Exception e) {
            log.warn("{}: the reply could not be sent ({}); the step's timeout retries it", command, e.toString());
        }
    }

    private void replyError(Envelope command, String reason) {
        if (command.replyTo() == null || command.sagaId() == null) {
            return;
        }
        try {
            delegate.publish(List.of(dispatcher.reply(command, MessageKind.REPLY_ERROR, null, reason)));
        } catch (RuntimeException e) {
            log.warn("{}: the error reply could not be sent ({}); the step's timeout retries it", command,
                    e.toString());
        }
    }

    /** Subscribes on the delegate: replies and events never come from Axon. */
    @Override
    public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
        return delegate.subscribe(destination, group, handler);
    }

    /** Stops accepting commands, waits up to the shutdown grace for those in flight, and closes the delegate. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Axon commands still in flight after {}; their steps' timeouts retry them", shutdownGrace);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        delegate.close();
    }

    /** Assembles an {@link AxonCommandBroker}; every setter replaces the previous value. */
    public static final class Builder {
        private final MessageBroker delegate;
        private final CommandGateway gateway;
        private final Set<String> participants = new LinkedHashSet<>();
        private PayloadTypes payloadTypes = PayloadTypes.empty();
        private @Nullable MessageCodec codec;
        private @Nullable ParticipantInbox inbox;
        private @Nullable Converter resultConverter;
        private Predicate<Throwable> businessFailure = Builder::isRejection;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private InstantSource clock = InstantSource.system();

        private Builder(MessageBroker delegate, CommandGateway gateway) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.gateway = Objects.requireNonNull(gateway, "gateway");
        }

        /**
         * @param names participants (as sagas name them in {@code invokeParticipant}) whose commands go over Axon
         * @return this builder
         * @throws SagaDefinitionException if a name is not a valid destination name or is given twice
         */
        public Builder participants(String... names) {
            for (String name : names) {
                try {
                    Destination.commands(name);
                } catch (IllegalArgumentException e) {
                    throw new SagaDefinitionException("Axon participant name is invalid: " + e.getMessage());
                }
                if (!participants.add(name)) {
                    throw new SagaDefinitionException("Axon participant '" + name + "' is given twice");
                }
            }
            return this;
        }

        /**
         * @param types the allowlist of the Axon participants' command types and of the reply types the sagas read
         *     ({@code SagaDefinition.payloadTypes()}); merged with earlier calls
         * @return this builder
         */
        public Builder payloadTypes(PayloadTypes types) {
            this.payloadTypes = payloadTypes.merge(types);
            return this;
        }

        /** @param messageCodec the codec, the same as the engine's; default Jackson @return this builder */
        public Builder codec(MessageCodec messageCodec) {
            this.codec = Objects.requireNonNull(messageCodec, "messageCodec");
            return this;
        }

        /** @param participantInbox dedupes commands by message id; default in-memory @return this builder */
        public Builder inbox(ParticipantInbox participantInbox) {
            this.inbox = Objects.requireNonNull(participantInbox, "participantInbox");
            return this;
        }

        /**
         * @param predicate which exceptions from a handler are business refusals (failure reply) rather than
         *     technical failures (error reply); default a {@link CommandRejectedException} in the cause chain
         * @return this builder
         */
        public Builder businessFailureWhen(Predicate<Throwable> predicate) {
            this.businessFailure = Objects.requireNonNull(predicate, "predicate");
            return this;
        }

        /**
         * @param converter reads results that arrive serialized from a remote handler (Axon's configured
         *     {@link Converter}); not needed in one JVM
         * @return this builder
         */
        public Builder resultConverter(Converter converter) {
            this.resultConverter = Objects.requireNonNull(converter, "converter");
            return this;
        }

        /** @param timeout how long to wait for Axon's result; positive @return this builder */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = positive(timeout, "command timeout");
            return this;
        }

        /** @param grace how long {@link #close()} waits for commands in flight; positive @return this builder */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = positive(grace, "shutdown grace");
            return this;
        }

        /** @param instantSource stamps replies @return this builder */
        public Builder clock(InstantSource instantSource) {
            this.clock = Objects.requireNonNull(instantSource, "instantSource");
            return this;
        }

        /**
         * @return the broker
         * @throws SagaDefinitionException if no participant is mapped to Axon
         */
        public AxonCommandBroker build() {
            if (participants.isEmpty()) {
                throw new SagaDefinitionException("an Axon command broker needs at least one participant: call"
                        + " participants(..)");
            }
            return new AxonCommandBroker(this);
        }

        private static boolean isRejection(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof CommandRejectedException) {
                    return true;
                }
            }
            return false;
        }

        private static Duration positive(Duration value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isZero() || value.isNegative()) {
                throw new SagaDefinitionException(what + " must be positive, was " + value);
            }
            return value;
        }
    }
}

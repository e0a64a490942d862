package io.sagaflow;

import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.internal.DefaultSagaEngine;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageInterceptor;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator: starts sagas, reacts to replies and timers, and drives every saga to COMPLETED or COMPENSATED.
 * It keeps no saga state of its own: everything is read from and written to the {@link SagaStore} with optimistic
 * versioning, and messages go out through the store's outbox, so several engines can share one store and any engine
 * can resume what another left after a crash.
 *
 * <p>Thread-safe. {@link #start()} subscribes to replies and starts the outbox relay and the timer loop;
 * {@link #close()} stops them.
 *
 * @since 0.1
 */
public interface SagaEngine extends AutoCloseable {

    /** @return a builder with the in-memory broker and store and the Jackson codec as defaults */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Subscribes to replies and starts the outbox relay and timer loop. Idempotent.
     *
     * @throws BrokerException if the reply subscription fails (the broker is away); the engine then stays
     *     stopped and {@code start()} may be called again
     */
    void start();

    /**
     * Starts a saga.
     *
     * @param definition a registered definition
     * @param data the saga's data
     * @param <D> the data type
     * @return the new saga's id
     */
    default <D> SagaId startSaga(SagaDefinition<D> definition, D data) {
        return startSaga(definition, data, null);
    }

    /**
     * Starts a saga once per business key: starting again with a key already used for this saga type returns the
     * existing saga's id and starts nothing.
     *
     * @param definition a registered definition
     * @param data the saga's data
     * @param businessKey the idempotency key, or null
     * @param <D> the data type
     * @return the saga's id
     * @throws UnknownSagaException if the definition is not registered with this engine
     */
    <D> SagaId startSaga(SagaDefinition<D> definition, D data, @Nullable String businessKey);

    /**
     * @param id the saga
     * @return its current state, or empty
     */
    Optional<SagaInstance> find(SagaId id);

    /** @param query filter and page @return matching sagas, newest first */
    List<SagaInstance> query(SagaQuery query);

    /**
     * @param id the saga
     * @return completes when this engine sees the saga settle (COMPLETED, COMPENSATED or FAILED), at once if it
     *     already has; fails with {@link UnknownSagaException} if the store has no such saga (never started, or
     *     ended and already removed by retention)
     */
    CompletableFuture<SagaInstance> whenSettled(SagaId id);

    /**
     * Tries a FAILED saga again from where it stopped, with a fresh retry budget.
     *
     * @param id the saga
     * @return its state after the retry began
     * @throws IllegalSagaStateException if the saga is not FAILED
     */
    SagaInstance retry(SagaId id);

    /**
     * Aborts a running or FAILED saga and compensates what it completed. For a saga FAILED while compensating, the
     * failed compensation is recorded as resolved by a person and the remaining ones run.
     *
     * @param id the saga
     * @param reason why, for the history
     * @return its state after the abort
     * @throws IllegalSagaStateException if the saga has already ended
     */
    SagaInstance abort(SagaId id, String reason);

    /**
     * Handles every saga whose timer is due now: timeouts, retries, expired leases. The timer loop calls this;
     * tests with a controllable clock call it after moving the clock.
     *
     * @return how many sagas were looked at
     */
    int processDueTimers();

    /** @return the registered definitions */
    Collection<SagaDefinition<?>> definitions();

    /** Stops the relay, timer loop and reply subscription. Sagas in progress resume when any engine starts. */
    @Override
    void close();

    /** Assembles an engine. Every setter replaces the previous value; {@link #register} accumulates. */
    final class Builder {
        private @Nullable MessageBroker broker;
        private @Nullable SagaStore store;
        private @Nullable MessageCodec codec;
        private InstantSource clock = InstantSource.system();
        private SagaEngineConfig config = SagaEngineConfig.ofDefaults();
        private final List<SagaDefinition<?>> definitions = new ArrayList<>();
        private final List<SagaListener> listeners = new ArrayList<>();
        private PayloadTypes extraTypes = PayloadTypes.empty();
        private final List<MessageInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** @param messageBroker the broker; default a new in-memory one @return this builder */
        public Builder broker(MessageBroker messageBroker) {
            this.broker = Objects.requireNonNull(messageBroker, "messageBroker");
            return this;
        }

        /** @param sagaStore the store; default a new in-memory one @return this builder */
        public Builder store(SagaStore sagaStore) {
            this.store = Objects.requireNonNull(sagaStore, "sagaStore");
            return this;
        }

        /** @param messageCodec the codec; default {@link JacksonMessageCodec#ofDefaults()} @return this builder */
        public Builder codec(MessageCodec messageCodec) {
            this.codec = Objects.requireNonNull(messageCodec, "messageCodec");
            return this;
        }

        /** @param instantSource the clock; tests pass a controllable one @return this builder */
        public Builder clock(InstantSource instantSource) {
            this.clock = Objects.requireNonNull(instantSource, "instantSource");
            return this;
        }

        /** @param engineConfig settings @return this builder */
        public Builder config(SagaEngineConfig engineConfig) {
            this.config = Objects.requireNonNull(engineConfig, "engineConfig");
            return this;
        }

        /** @param definition a saga to run @return this builder */
        public Builder register(SagaDefinition<?> definition) {
            for (SagaDefinition<?> existing : definitions) {
                if (existing.name().equals(definition.name())) {
                    throw new SagaDefinitionException("saga '" + definition.name() + "' is registered twice");
                }
            }
            definitions.add(definition);
            return this;
        }

        /** @param listener told of every saga event @return this builder */
        public Builder listener(SagaListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @param interceptor sees the commands and events the engine sends and the replies it receives; several are
         *     applied in the order added
         * @return this builder
         */
        public Builder interceptor(MessageInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /** @param types more payload types to accept in replies @return this builder */
        public Builder payloadTypes(PayloadTypes types) {
            this.extraTypes = extraTypes.merge(types);
            return this;
        }

        /**
         * @return the engine, not yet started
         * @throws SagaDefinitionException if two definitions disagree on a payload type's name
         */
        public SagaEngine build() {
            PayloadTypes types = extraTypes;
            for (SagaDefinition<?> definition : definitions) {
                types = types.merge(definition.payloadTypes());
            }
            return new DefaultSagaEngine(
                    broker != null ? broker : new InMemoryMessageBroker(),
                    store != null ? store : new InMemorySagaStore(),
                    codec != null ? codec : JacksonMessageCodec.ofDefaults(),
                    clock, config, definitions, listeners, types, MessageInterceptor.composite(interceptors));
        }
    }
}

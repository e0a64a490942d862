package io.sagaflow.internal;

import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaListener;
import io.sagaflow.UnknownSagaException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageInterceptor;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.Subscription;
import io.sagaflow.spi.support.OutboxRelay;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link SagaEngine}: wires the state machine to the broker (replies in), the store's outbox
 * (messages out, through an {@link OutboxRelay}) and the timer loop. Built by {@link SagaEngine.Builder}.
 */
public final class DefaultSagaEngine implements SagaEngine {
    private static final Logger log = LoggerFactory.getLogger(DefaultSagaEngine.class);

    private final MessageBroker broker;
    private final SagaStore store;
    private final MessageCodec codec;
    private final SagaEngineConfig config;
    private final Map<String, SagaDefinition<Object>> definitions;
    private final List<SagaListener> listeners;
    private final SagaProcessor processor;
    private final TimerLoop timers;
    private final List<OutboxRelay> relays;
    private final InstantSource clock;
    private final Map<SagaId, CompletableFuture<SagaInstance>> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final MessageInterceptor interceptor;
    private volatile @Nullable Subscription replies;
    private volatile boolean publishingOnWrite;
    private volatile boolean handingOver;

    /**
     * Use {@link SagaEngine#builder()}.
     *
     * @param broker the broker
     * @param store the store
     * @param codec the codec
     * @param clock the clock
     * @param config settings
     * @param definitions the sagas
     * @param listeners told of saga events
     * @param payloadTypes the allowlist of reply types
     * @param interceptor sees messages sent and received
     */
    @SuppressWarnings("unchecked")
    public DefaultSagaEngine(MessageBroker broker, SagaStore store, MessageCodec codec, InstantSource clock,
                             SagaEngineConfig config, List<SagaDefinition<?>> definitions,
                             List<SagaListener> listeners, PayloadTypes payloadTypes, MessageInterceptor interceptor) {
        this.broker = broker;
        this.interceptor = interceptor;
        this.store = store;
        this.codec = codec;
        this.clock = clock;
        this.config = config;
        Map<String, SagaDefinition<Object>> byName = new LinkedHashMap<>();
        for (SagaDefinition<?> definition : definitions) {
            byName.put(definition.name(), (SagaDefinition<Object>) definition);
        }
        this.definitions = Map.copyOf(byName);
        this.listeners = List.copyOf(listeners);
        this.processor = new SagaProcessor(store, codec, payloadTypes, clock, config, byName, this::afterSave,
                interceptor);
        this.timers = new TimerLoop(clock, config.timerPollInterval(), this::processDueTimers, processor::onWake);
        List<OutboxRelay> made = new ArrayList<>(config.relayThreads());
        for (int i = 1; i <= config.relayThreads(); i++) {
            made.add(new OutboxRelay("orchestrator-" + config.replyGroup() + "-" + i, store.outbox(), broker,
                    config.outboxBatchSize(), config.timerPollInterval()));
        }
        this.relays = List.copyOf(made);
    }

    @Override
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            MessageHandler onReply = processor::onReply; // made once, not per reply
            replies = broker.subscribe(Destination.replies(config.replyGroup()), MessageBroker.DEFAULT_GROUP,
                    reply -> interceptor.aroundReceive(reply, onReply));
        } catch (RuntimeException e) {
            // Not started: a later start() must subscribe again (the broker may have been restarting).
            started.set(false);
            throw e;
        }
        relays.forEach(OutboxRelay::start);
        // An in-process broker's publish is a queue insert: the thread that stores a saga's state publishes its
        // messages too, when the store's outbox can do that, instead of waking the relay thread for each.
        publishingOnWrite = broker.inProcess() && store.outbox().publishOnWrite(broker::publish);
        // A durable store's outbox may instead hand committed messages to the relays in memory, saving the relays'
        // transaction that claimed them.
        handingOver = !broker.inProcess() && store.outbox().handOverOnCommit(true);
        timers.start();
        log.info("saga engine started: group '{}', sagas {}", config.replyGroup(), definitions.keySet());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <D> SagaId startSaga(SagaDefinition<D> definition, D data, @Nullable String businessKey) {
        SagaDefinition<Object> registered = definitions.get(definition.name());
        if (registered == null) {
            throw new UnknownSagaException("saga '" + definition.name() + "' is not registered with this engine; "
                    + "registered: " + definitions.keySet());
        }
        if (!definition.dataType().isInstance(data)) {
            throw new IllegalArgumentException("saga '" + definition.name() + "' takes "
                    + definition.dataType().getName() + ", not " + data.getClass().getName());
        }
        // On a broker that can, the saga then runs on, and as far as it can on, this thread.
        return broker.deliverOnCaller(() -> processor.start(registered, data, businessKey));
    }

    @Override
    public Optional<SagaInstance> find(SagaId id) {
        return store.find(id).map(this::toInstance);
    }

    @Override
    public List<SagaInstance> query(SagaQuery query) {
        return store.query(query).stream().map(this::toInstance).toList();
    }

    @Override
    public CompletableFuture<SagaInstance> whenSettled(SagaId id) {
        CompletableFuture<SagaInstance> future = waiting.computeIfAbsent(id, k -> new CompletableFuture<>());
        // The saga may have settled before the future was registered; look once more.
        Optional<SagaInstance> now = find(id);
        if (now.isEmpty()) {
            waiting.remove(id, future);
            future.completeExceptionally(new UnknownSagaException("no saga with id " + id
                    + " in the store: it was never started, or it ended and retention has removed it"));
        } else if (now.get().status().isSettled()) {
            waiting.remove(id, future);
            future.complete(now.get());
        }
        return future;
    }

    @Override
    public SagaInstance retry(SagaId id) {
        return toInstance(processor.retry(id));
    }

    @Override
    public SagaInstance abort(SagaId id, String reason) {
        return toInstance(processor.abort(id, reason));
    }

    @Override
    public int processDueTimers() {
        List<SagaRecord> due = store.findDue(clock.instant(), config.timerBatchSize());
        for (SagaRecord record : due) {
            try {
                processor.onWake(record.id());
            } catch (RuntimeException e) {
                log.warn("saga {} {}: timer failed, the next poll tries again: {}", record.sagaType(), record.id(),
                        e.toString());
            }
        }
        return due.size();
    }

    @Override
    public Collection<SagaDefinition<?>> definitions() {
        return List.copyOf(definitions.values());
    }

    @Override
    public void close() {
        Subscription subscription = replies;
        if (subscription != null) {
            subscription.close();
        }
        if (publishingOnWrite) {
            store.outbox().publishOnWrite(null);
            publishingOnWrite = false;
        }
        timers.close();
        relays.forEach(OutboxRelay::close);
        if (handingOver) {
            // After the relays: what they did not publish goes back to storage, for the next start or another engine.
            store.outbox().handOverOnCommit(false);
            handingOver = false;
        }
        started.set(false);
        log.info("saga engine stopped: group '{}'", config.replyGroup());
    }

    private void afterSave(WorkingSaga saga) {
        for (SagaEvent event : saga.events) {
            for (SagaListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("saga listener {} failed on {}: {}", listener, event, e.toString());
                }
            }
        }
        if (saga.wakeAt != null) {
            timers.hint(saga.id, saga.wakeAt);
        }
        if (saga.status.isSettled()) {
            CompletableFuture<SagaInstance> future = waiting.remove(saga.id);
            if (future != null && saga.lastStored != null) {
                // From the record just written, not a fresh look-up: a store that keeps a bounded number of ended
                // sagas may already have forgotten this one.
                future.complete(toInstance(saga.lastStored));
            }
        }
    }

    private SagaInstance toInstance(SagaRecord record) {
        SagaDefinition<Object> definition = definitions.get(record.sagaType());
        Object data = definition == null ? record.data() : codec.decode(record.data(), definition.dataType());
        String current = record.status().isSettled() && record.status() != io.sagaflow.SagaStatus.FAILED
                || definition == null ? null : definition.step(record.stepIndex()).name();
        return new SagaInstance(record.id(), record.sagaType(), record.businessKey(), record.status(),
                record.failureReason(), current, data, record.history(), record.createdAt(), record.updatedAt(),
                record.version());
    }
}

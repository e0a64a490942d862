package io.sagaflow.internal;

import io.sagaflow.ConcurrentSagaUpdateException;
import io.sagaflow.Direction;
import io.sagaflow.HistoryEvent;
import io.sagaflow.IllegalSagaStateException;
import io.sagaflow.LocalResult;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.PayloadTypes;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaException;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.StepAction;
import io.sagaflow.StepDefinition;
import io.sagaflow.StepRole;
import io.sagaflow.UnknownSagaException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageInterceptor;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.StepPhase;
import io.sagaflow.spi.support.ImmutableTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saga state machine. Reacts to a start, a reply, a due timer or an operator action: loads the saga, applies the
 * transition, runs local steps, and stores the new state with the messages it sends in one store write, under the
 * optimistic lock. Holds no saga state between calls, so any engine sharing the store may take the next event.
 *
 * <p>Crash safety: a local step runs only after a READY record with a lease was stored, so a crash while it runs
 * leaves a record the timer loop resumes once the lease expires. Every other transition is one atomic write.
 */
final class SagaProcessor {
    private static final Logger log = LoggerFactory.getLogger(SagaProcessor.class);

    private final SagaStore store;
    private final MessageCodec codec;
    private final PayloadTypes payloadTypes;
    private final InstantSource clock;
    private final SagaEngineConfig config;
    private final Map<String, SagaDefinition<Object>> definitions;
    private final Destination replyTo;
    private final Consumer<WorkingSaga> afterSave;
    private final ReentrantLock[] stripes = new ReentrantLock[256];
    private final MessageInterceptor interceptor;
    private final DecodedDataCache decoded = new DecodedDataCache();
    private final AwaitedRecords awaited = new AwaitedRecords();
    private final ReplyTypes replyTypes;

    SagaProcessor(SagaStore store, MessageCodec codec, PayloadTypes payloadTypes, InstantSource clock,
                  SagaEngineConfig config, Map<String, SagaDefinition<Object>> definitions,
                  Consumer<WorkingSaga> afterSave, MessageInterceptor interceptor) {
        this.store = store;
        this.codec = codec;
        this.payloadTypes = payloadTypes;
        this.clock = clock;
        this.config = config;
        this.definitions = Map.copyOf(definitions);
        this.replyTypes = new ReplyTypes(this.definitions.values(), payloadTypes);
        this.replyTo = Destination.replies(config.replyGroup());
        this.afterSave = afterSave;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
        this.interceptor = interceptor;
    }

    SagaId start(SagaDefinition<Object> definition, Object data, @Nullable String businessKey) {
        if (businessKey != null) {
            Optional<SagaRecord> existing = store.findByBusinessKey(definition.name(), businessKey);
            if (existing.isPresent()) {
                log.debug("saga {} with business key '{}' exists already as {}", definition.name(), businessKey,
                        existing.get().id());
                return existing.get().id();
            }
        }
        Instant now = clock.instant();
        WorkingSaga saga = new WorkingSaga(definition, SagaId.random(), businessKey, data, now);
        saga.recordSaga(HistoryEvent.SAGA_STARTED, businessKey == null ? null : "business key " + businessKey, now);
        saga.events.add(new SagaEvent.Started(saga.id, saga.sagaType(), businessKey, now));
        try {
            drive(saga);
        } catch (AlreadyStarted e) {
            return e.existing;
        } catch (ConcurrentSagaUpdateException e) {
            // Created, then taken over by another engine after our lease expired: it is that engine's now.
            log.warn("saga {} {}: another engine took over while this one ran its first step", saga.sagaType(),
                    saga.id);
            return saga.id;
        }
        log.info("saga {} {} started{}", saga.sagaType(), saga.id,
                businessKey == null ? "" : " for business key '" + businessKey + "'");
        return saga.id;
    }

    /** Applies a participant's reply. Duplicate and late replies, which no longer match the awaited command, change nothing. */
    void onReply(Envelope reply) {
        if (reply.kind() != MessageKind.REPLY_SUCCESS && reply.kind() != MessageKind.REPLY_FAILURE
                && reply.kind() != MessageKind.REPLY_ERROR) {
            throw new MessageRejectedException("message " + reply.messageId() + " on the reply channel is a "
                    + reply.kind() + ", not a reply");
        }
        if (reply.sagaId() == null || reply.correlationId() == null) {
            throw new MessageRejectedException("reply " + reply.messageId() + " has no saga id or correlation id");
        }
        SagaId id = SagaId.parse(reply.sagaId());
        for (int round = 1; ; round++) {
            // First round: the record this engine stored, if it awaits this very reply; a stale one fails its write.
            SagaRecord remembered = round == 1 ? awaited.awaiting(id, reply.correlationId()) : null;
            SagaRecord record = remembered != null ? remembered : store.find(id).orElseThrow(
                    () -> new MessageRejectedException("reply " + reply.messageId() + " to step '" + reply.step()
                            + "' names unknown saga " + id));
            if (record.phase() != StepPhase.AWAITING_REPLY
                    || !reply.correlationId().equals(record.awaitingMessageId())) {
                log.debug("saga {} {}: ignoring {} for message {}: not awaited (duplicate or late)",
                        record.sagaType(), id, reply.kind(), reply.correlationId());
                return;
            }
            WorkingSaga saga = load(record);
            try {
                applyReply(saga, reply);
                drive(saga);
                return;
            } catch (ConcurrentSagaUpdateException e) {
                retryOrGiveUp(round, id, e);
            }
        }
    }

    /** Acts on a saga whose timer is due: a lease expired, a reply timed out, a backoff ended. */
    void onWake(SagaId id) {
        for (int round = 1; ; round++) {
            Optional<SagaRecord> found = store.find(id);
            if (found.isEmpty()) {
                return;
            }
            SagaRecord record = found.get();
            Instant now = clock.instant();
            if (record.wakeAt() == null || record.wakeAt().isAfter(now) || record.status().isSettled()) {
                return;
            }
            WorkingSaga saga = load(record);
            try {
                switch (saga.phase) {
                    case READY -> log.warn("saga {} {}: step '{}' lease expired; resuming it (did an engine die?)",
                            saga.sagaType(), id, saga.step().name());
                    case AWAITING_REPLY -> {
                        Duration timeout = saga.step().timeout();
                        technicalFailure(saga, HistoryEvent.TIMED_OUT, "no reply to message "
                                + saga.awaitingMessageId + " within " + timeout, now);
                    }
                    case BACKOFF -> {
                        saga.attempt++;
                        saga.phase = StepPhase.READY;
                        saga.wakeAt = null;
                        saga.leaseHeld = false;
                    }
                    case IDLE -> {
                        return;
                    }
                }
                drive(saga);
                return;
            } catch (ConcurrentSagaUpdateException e) {
                retryOrGiveUp(round, id, e);
            }
        }
    }

    SagaRecord retry(SagaId id) {
        return operate(id, saga -> {
            if (saga.status != SagaStatus.FAILED) {
                throw new IllegalSagaStateException("saga " + saga.sagaType() + " " + id + " is " + saga.status
                        + ", not FAILED: only a failed saga can be retried");
            }
            Instant now = clock.instant();
            saga.recordSaga(HistoryEvent.MANUAL_RETRY, "retry of step '" + saga.step().name() + "' ("
                    + saga.direction.name().toLowerCase(java.util.Locale.ROOT) + ")", now);
            saga.status = saga.direction == Direction.COMPENSATION ? SagaStatus.COMPENSATING : SagaStatus.RUNNING;
            saga.moveTo(saga.stepIndex, saga.direction, now);
            log.info("saga {} {}: retry requested at step '{}'", saga.sagaType(), id, saga.step().name());
        });
    }

    SagaRecord abort(SagaId id, String reason) {
        return operate(id, saga -> {
            Instant now = clock.instant();
            switch (saga.status) {
                case COMPLETED, COMPENSATED -> throw new IllegalSagaStateException("saga " + saga.sagaType() + " "
                        + id + " has already ended " + saga.status + "; nothing to abort");
                case COMPENSATING -> throw new IllegalSagaStateException("saga " + saga.sagaType() + " " + id
                        + " is already compensating");
                case FAILED -> {
                    saga.recordSaga(HistoryEvent.MANUAL_ABORT, reason, now);
                    if (saga.direction == Direction.COMPENSATION) {
                        saga.compensations.remove(saga.compensations.size() - 1);
                        saga.status = SagaStatus.COMPENSATING;
                        nextCompensation(saga, now);
                    } else {
                        beginCompensation(saga, "aborted: " + reason, false, now);
                    }
                }
                case RUNNING -> {
                    saga.recordSaga(HistoryEvent.MANUAL_ABORT, reason, now);
                    boolean uncertain = saga.phase != StepPhase.READY && saga.step().compensation() != null;
                    beginCompensation(saga, "aborted: " + reason, uncertain, now);
                }
            }
            log.info("saga {} {}: abort requested: {}", saga.sagaType(), id, reason);
        });
    }

    private SagaRecord operate(SagaId id, Consumer<WorkingSaga> action) {
        for (int round = 1; ; round++) {
            SagaRecord record = store.find(id)
                    .orElseThrow(() -> new UnknownSagaException("no saga with id " + id));
            WorkingSaga saga = load(record);
            try {
                action.accept(saga);
                drive(saga);
                return store.find(id).orElseThrow();
            } catch (ConcurrentSagaUpdateException e) {
                retryOrGiveUp(round, id, e);
            }
        }
    }

    private void retryOrGiveUp(int round, SagaId id, ConcurrentSagaUpdateException e) {
        if (round >= config.maxConcurrentUpdateRetries()) {
            throw new SagaException("saga " + id + ": gave up after " + round
                    + " optimistic-lock conflicts in a row", e);
        }
        log.debug("saga {}: concurrent update, reloading (round {})", id, round);
    }

    WorkingSaga load(SagaRecord record) {
        SagaDefinition<Object> definition = definitions.get(record.sagaType());
        if (definition == null) {
            throw new UnknownSagaException("saga " + record.id() + " is of type '" + record.sagaType()
                    + "', which is not registered with this engine");
        }
        Object data = decoded.find(record);
        if (data == null) {
            data = codec.decode(record.data(), definition.dataType());
        }
        return new WorkingSaga(definition, record, data);
    }

    private void applyReply(WorkingSaga saga, Envelope reply) {
        Instant now = clock.instant();
        StepDefinition<Object> step = saga.step();
        String reason = Objects.requireNonNullElse(reply.header(Envelope.REASON), "no reason given");
        switch (reply.kind()) {
            case REPLY_SUCCESS -> {
                if (saga.direction == Direction.FORWARD && step.action() instanceof StepAction.Command<Object> c
                        && reply.type() != null) {
                    // Only a type this step handles is decoded; any other reply payload is not read at all.
                    Class<?> type = replyTypes.handled(c, reply.type());
                    BiFunction<Object, Object, Object> handler = type == null ? null : c.replyHandlers().get(type);
                    if (handler != null) {
                        Object payload = codec.decode(reply.payload(), type);
                        try {
                            saga.data = Objects.requireNonNull(handler.apply(saga.data, payload),
                                    "reply handler returned null");
                        } catch (RuntimeException e) {
                            technicalFailure(saga, HistoryEvent.ERROR, "reply handler for " + reply.type()
                                    + " failed: " + e, now);
                            return;
                        }
                    }
                }
                succeeded(saga, now);
            }
            case REPLY_FAILURE -> businessFailure(saga, reason, now);
            case REPLY_ERROR -> technicalFailure(saga, HistoryEvent.ERROR, "participant error: " + reason, now);
            default -> throw new IllegalStateException("not a reply: " + reply.kind());
        }
    }

    /** Runs ready steps until the saga waits for a reply or a timer, or settles; saves along the way. */
    private void drive(WorkingSaga saga) {
        while (!saga.status.isSettled() && saga.phase == StepPhase.READY) {
            Instant now = clock.instant();
            StepDefinition<Object> step = saga.step();
            StepAction<Object> action = Objects.requireNonNull(step.action(saga.direction),
                    () -> "step " + step.name() + " has no " + saga.direction);
            switch (action) {
                case StepAction.Local<Object> local -> runLocal(saga, local, now);
                case StepAction.Command<Object> command -> {
                    Optional<Object> payload = build(saga, command.command(), now);
                    if (payload.isPresent()) {
                        Envelope envelope = envelope(saga, MessageKind.COMMAND,
                                Destination.commands(command.participant()), payload.get(), replyTo, now);
                        saga.outbox.add(envelope);
                        saga.phase = StepPhase.AWAITING_REPLY;
                        saga.awaitingMessageId = envelope.messageId();
                        Duration timeout = step.timeout() != null ? step.timeout() : config.defaultTimeout();
                        saga.wakeAt = timeout == null ? null : now.plus(timeout);
                        saga.record(HistoryEvent.COMMAND_SENT, command.participant() + " " + envelope.type()
                                + " " + envelope.messageId(), now);
                    }
                }
                case StepAction.Event<Object> event -> {
                    Optional<Object> payload = build(saga, event.event(), now);
                    if (payload.isPresent()) {
                        Envelope envelope = envelope(saga, MessageKind.EVENT, Destination.events(event.topic()),
                                payload.get(), null, now);
                        saga.outbox.add(envelope);
                        saga.record(HistoryEvent.EVENT_PUBLISHED, event.topic() + " " + envelope.type(), now);
                        succeeded(saga, now);
                    }
                }
            }
        }
        save(saga);
    }

    private void runLocal(WorkingSaga saga, StepAction.Local<Object> local, Instant now) {
        if (!saga.leaseHeld) {
            saga.wakeAt = now.plus(config.localStepLease());
            save(saga);
            saga.leaseHeld = true;
        }
        LocalResult<Object> result;
        try {
            result = Objects.requireNonNull(local.action().run(saga.data), "local step returned null");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            technicalFailure(saga, HistoryEvent.ERROR, "local step threw " + e, clock.instant());
            return;
        }
        Instant done = clock.instant();
        saga.record(HistoryEvent.LOCAL_RUN, null, done);
        switch (result) {
            case LocalResult.Done<Object> d -> {
                saga.data = d.data();
                succeeded(saga, done);
            }
            case LocalResult.Rejected<Object> r -> businessFailure(saga, r.reason(), done);
        }
    }

    private Optional<Object> build(WorkingSaga saga, Function<Object, ?> factory, Instant now) {
        try {
            return Optional.of(Objects.requireNonNull(factory.apply(saga.data), "message factory returned null"));
        } catch (RuntimeException e) {
            technicalFailure(saga, HistoryEvent.ERROR, "building the message failed: " + e, now);
            return Optional.empty();
        }
    }

    private Envelope envelope(WorkingSaga saga, MessageKind kind, Destination destination, Object payload,
                              @Nullable Destination reply, Instant now) {
        return interceptor.beforeSend(new Envelope(Envelope.newMessageId(), kind, destination,
                payloadTypes.nameOf(payload.getClass()), saga.id.value(), saga.sagaType(), saga.step().name(), null,
                reply, now,
                CommandHeaders.of(saga.attempt, saga.direction),
                codec.encode(payload)));
    }

    private void succeeded(WorkingSaga saga, Instant now) {
        StepDefinition<Object> step = saga.step();
        saga.record(HistoryEvent.SUCCEEDED, null, now);
        Duration took = saga.stepStartedAt == null ? Duration.ZERO : Duration.between(saga.stepStartedAt, now);
        saga.events.add(new SagaEvent.StepSucceeded(saga.id, saga.sagaType(), step.name(), saga.direction,
                saga.attempt, took, now));
        if (saga.direction == Direction.COMPENSATION) {
            saga.compensations.remove(saga.compensations.size() - 1);
            nextCompensation(saga, now);
            return;
        }
        if (step.compensation() != null) {
            saga.compensations.add(saga.stepIndex);
        }
        if (saga.stepIndex + 1 < saga.definition.steps().size()) {
            saga.moveTo(saga.stepIndex + 1, Direction.FORWARD, now);
            return;
        }
        saga.settle(SagaStatus.COMPLETED);
        saga.recordSaga(HistoryEvent.SAGA_COMPLETED, null, now);
        saga.events.add(new SagaEvent.Completed(saga.id, saga.sagaType(), Duration.between(saga.createdAt, now), now));
    }

    private void businessFailure(WorkingSaga saga, String reason, Instant now) {
        StepDefinition<Object> step = saga.step();
        saga.record(HistoryEvent.REJECTED, reason, now);
        saga.events.add(new SagaEvent.StepFailed(saga.id, saga.sagaType(), step.name(), saga.direction,
                saga.attempt, true, reason, now));
        if (saga.direction == Direction.FORWARD && step.role() != StepRole.RETRIABLE) {
            beginCompensation(saga, "step '" + step.name() + "' rejected: " + reason, false, now);
        } else {
            retryOrGiveUp(saga, reason, now);
        }
    }

    private void technicalFailure(WorkingSaga saga, HistoryEvent event, String reason, Instant now) {
        saga.record(event, reason, now);
        saga.events.add(new SagaEvent.StepFailed(saga.id, saga.sagaType(), saga.step().name(), saga.direction,
                saga.attempt, false, reason, now));
        log.warn("saga {} {}: step '{}' {} attempt {} failed: {}", saga.sagaType(), saga.id, saga.step().name(),
                saga.direction, saga.attempt, reason);
        retryOrGiveUp(saga, reason, now);
    }

    private void retryOrGiveUp(WorkingSaga saga, String reason, Instant now) {
        StepDefinition<Object> step = saga.step();
        RetryPolicy policy = step.retry(saga.direction);
        if (policy.allowsAnotherAfter(saga.attempt)) {
            Duration backoff = policy.backoffAfter(saga.attempt, ThreadLocalRandom.current());
            saga.phase = StepPhase.BACKOFF;
            saga.awaitingMessageId = null;
            saga.leaseHeld = false;
            saga.wakeAt = now.plus(backoff);
            saga.record(HistoryEvent.RETRY_SCHEDULED, "attempt " + (saga.attempt + 1) + " in " + backoff, now);
            return;
        }
        String what = saga.direction == Direction.COMPENSATION ? "compensation of step '" + step.name() + "'"
                : "step '" + step.name() + "'";
        String summary = what + " failed after " + saga.attempt + " attempt" + (saga.attempt == 1 ? "" : "s")
                + ": " + reason;
        if (saga.direction == Direction.FORWARD && step.role() != StepRole.RETRIABLE) {
            // The last attempt's outcome is unknown (an error or a timeout): undo it too if it can be undone.
            beginCompensation(saga, summary, step.compensation() != null, now);
            return;
        }
        saga.failureReason = summary;
        saga.settle(SagaStatus.FAILED);
        saga.recordSaga(HistoryEvent.SAGA_FAILED, summary, now);
        saga.events.add(new SagaEvent.Failed(saga.id, saga.sagaType(), summary, now));
        log.error("saga {} {} FAILED and needs a person: {}", saga.sagaType(), saga.id, summary);
    }

    private void beginCompensation(WorkingSaga saga, String reason, boolean includeCurrent, Instant now) {
        saga.failureReason = reason;
        saga.status = SagaStatus.COMPENSATING;
        saga.recordSaga(HistoryEvent.COMPENSATION_STARTED, reason, now);
        saga.events.add(new SagaEvent.Compensating(saga.id, saga.sagaType(), reason, now));
        if (includeCurrent && !saga.compensations.contains(saga.stepIndex)) {
            saga.compensations.add(saga.stepIndex);
        }
        log.info("saga {} {} compensating {} step(s): {}", saga.sagaType(), saga.id, saga.compensations.size(),
                reason);
        nextCompensation(saga, now);
    }

    private void nextCompensation(WorkingSaga saga, Instant now) {
        if (saga.compensations.isEmpty()) {
            saga.settle(SagaStatus.COMPENSATED);
            saga.recordSaga(HistoryEvent.SAGA_COMPENSATED, saga.failureReason, now);
            saga.events.add(new SagaEvent.Compensated(saga.id, saga.sagaType(),
                    Objects.requireNonNullElse(saga.failureReason, "compensated"),
                    Duration.between(saga.createdAt, now), now));
            return;
        }
        saga.moveTo(saga.compensations.get(saga.compensations.size() - 1), Direction.COMPENSATION, now);
    }

    private void save(WorkingSaga saga) {
        // One saga's saves and the listener calls that follow them happen in version order within this engine:
        // the thread that stores version n+1 waits until the one that stored n has told the listeners.
        ReentrantLock lock = stripes[(saga.id.hashCode() & 0x7fffffff) % stripes.length];
        lock.lock();
        try {
            saveLocked(saga);
        } finally {
            lock.unlock();
        }
    }

    private void saveLocked(WorkingSaga saga) {
        Instant now = clock.instant();
        boolean immutable = ImmutableTypes.isDeeplyImmutable(saga.definition.dataType());
        byte[] data = immutable && saga.encoded != null && saga.data == saga.encodedFrom
                ? saga.encoded : codec.encodeSagaData(saga.data);
        List<Envelope> outbox = List.copyOf(saga.outbox);
        SagaRecord stored = saga.toRecord(saga.isNew() ? 0 : saga.version + 1, data, now);
        if (stored.status().isTerminal()) {
            decoded.forget(saga.id);
        } else if (immutable) {
            decoded.put(saga.id, data, saga.data);
        }
        // Before the write, as its messages may be published (and answered) before the write returns. Should the
        // write fail, nothing awaits the remembered record's message: it was never sent.
        awaited.stored(stored);
        if (saga.isNew()) {
            SagaRecord existing = store.create(stored, outbox);
            if (!existing.id().equals(saga.id)) {
                throw new AlreadyStarted(existing.id());
            }
            saga.version = 0;
        } else {
            store.update(stored, saga.version, outbox);
            saga.version = stored.version();
        }
        saga.lastStored = stored;
        saga.encoded = data;
        saga.encodedFrom = saga.data;
        saga.outbox.clear();
        saga.leaseHeld = saga.phase == StepPhase.READY;
        afterSave.accept(saga);
        saga.events.clear();
    }

    /** The business key was taken between the look-up and the insert: the other saga wins. */
    private static final class AlreadyStarted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SagaId existing;

        AlreadyStarted(SagaId existing) {
            super(null, null, false, false);
            this.existing = existing;
        }
    }
}

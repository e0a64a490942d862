package io.sagaflow.test;

import io.sagaflow.HistoryEntry;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageOutbox;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One engine generation's view of the shared store. After a write the {@link CrashPlan} chooses, it throws
 * {@link SimulatedCrash} (the write stays persisted) and from then on refuses every call, as a dead process would:
 * only the next generation, built on the same underlying store, goes on.
 */
final class CrashingStore implements SagaStore {
    private final SagaStore delegate;
    private final CrashPlan plan;
    private final Consumer<SimulatedCrash> onCrash;
    private final FaultyBroker broker;
    private volatile @Nullable SimulatedCrash crashed;

    CrashingStore(SagaStore delegate, CrashPlan plan, Consumer<SimulatedCrash> onCrash, FaultyBroker broker) {
        this.delegate = delegate;
        this.plan = plan;
        this.onCrash = onCrash;
        this.broker = broker;
    }

    boolean isDead() {
        return crashed != null;
    }

    @Override
    public SagaRecord create(SagaRecord saga, List<Envelope> outbox) {
        alive();
        CrashPlan.Pending pending = plan.crashAfter(saga.history(), saga);
        SagaRecord stored = write(pending, outbox.size(), () -> delegate.create(saga, outbox));
        if (stored.id().equals(saga.id())) {
            persisted(pending, saga.history(), saga);
        } else {
            broker.outboxWritten(-outbox.size()); // the business key was taken: nothing was written
            if (pending != null) {
                crashed = null;
                pending.cancel();
            }
        }
        return stored;
    }

    @Override
    public void update(SagaRecord saga, long expectedVersion, List<Envelope> outbox) {
        alive();
        int before = delegate.find(saga.id()).filter(r -> r.version() == expectedVersion)
                .map(r -> r.history().size()).orElse(0);
        List<HistoryEntry> history = saga.history();
        List<HistoryEntry> added = List.copyOf(history.subList(Math.min(before, history.size()), history.size()));
        CrashPlan.Pending pending = plan.crashAfter(added, saga);
        write(pending, outbox.size(), () -> {
            delegate.update(saga, expectedVersion, outbox);
            return saga;
        });
        persisted(pending, added, saga);
    }

    /**
     * Marks this view dead before a write that the plan crashes after, so no other thread of this engine slips a
     * write in between (the write's outbox messages may be consumed at once); revives it if the write fails.
     */
    private SagaRecord write(CrashPlan.@Nullable Pending pending, int messages, Supplier<SagaRecord> write) {
        if (pending != null) {
            crashed = pending.crash();
        }
        broker.outboxWritten(messages);
        try {
            return write.get();
        } catch (RuntimeException e) {
            broker.outboxWritten(-messages);
            if (pending != null) {
                crashed = null;
                pending.cancel();
            }
            throw e;
        }
    }

    private void persisted(CrashPlan.@Nullable Pending pending, List<HistoryEntry> added, SagaRecord record) {
        plan.persisted(added, record);
        if (pending != null) {
            onCrash.accept(pending.crash());
            throw pending.crash();
        }
    }

    private void alive() {
        SimulatedCrash crash = crashed;
        if (crash != null) {
            throw crash;
        }
    }

    @Override
    public Optional<SagaRecord> find(SagaId id) {
        alive();
        return delegate.find(id);
    }

    @Override
    public Optional<SagaRecord> findByBusinessKey(String sagaType, String businessKey) {
        alive();
        return delegate.findByBusinessKey(sagaType, businessKey);
    }

    @Override
    public List<SagaRecord> findDue(Instant now, int limit) {
        alive();
        return delegate.findDue(now, limit);
    }

    @Override
    public List<SagaRecord> query(SagaQuery query) {
        alive();
        return delegate.query(query);
    }

    @Override
    public Map<SagaStatus, Long> countByStatus() {
        alive();
        return delegate.countByStatus();
    }

    @Override
    public MessageOutbox outbox() {
        return delegate.outbox();
    }

    @Override
    public int purge(Instant olderThan) {
        alive();
        return delegate.purge(olderThan);
    }
}

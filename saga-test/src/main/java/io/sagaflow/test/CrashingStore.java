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

/**
 * One engine generation's view of the shared store. After a write the {@link CrashPlan} chooses, it throws
 * {@link SimulatedCrash} (the write stays persisted) and from then on refuses every call, as a dead process would:
 * only the next generation, built on the same underlying store, goes on.
 */
final class CrashingStore implements SagaStore {
    private final SagaStore delegate;
    private final CrashPlan plan;
    private final Consumer<SimulatedCrash> onCrash;
    private final Runnable onWrite;
    private volatile SimulatedCrash crashed;

    CrashingStore(SagaStore delegate, CrashPlan plan, Consumer<SimulatedCrash> onCrash, Runnable onWrite) {
        this.delegate = delegate;
        this.plan = plan;
        this.onCrash = onCrash;
        this.onWrite = onWrite;
    }

    boolean isDead() {
        return crashed != null;
    }

    @Override
    public SagaRecord create(SagaRecord saga, List<Envelope> outbox) {
        alive();
        SagaRecord stored = delegate.create(saga, outbox);
        if (stored == saga || stored.equals(saga)) {
            afterWrite(saga.history(), saga);
        }
        return stored;
    }

    @Override
    public void update(SagaRecord saga, long expectedVersion, List<Envelope> outbox) {
        alive();
        int before = delegate.find(saga.id()).filter(r -> r.version() == expectedVersion)
                .map(r -> r.history().size()).orElse(0);
        delegate.update(saga, expectedVersion, outbox);
        List<HistoryEntry> history = saga.history();
        afterWrite(history.subList(Math.min(before, history.size()), history.size()), saga);
    }

    private void afterWrite(List<HistoryEntry> added, SagaRecord record) {
        onWrite.run();
        SimulatedCrash crash = plan.afterWrite(List.copyOf(added), record);
        if (crash != null) {
            crashed = crash;
            onCrash.accept(crash);
            throw crash;
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

package io.sagaflow.spi.support;

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
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link SagaStore} that hands every call to another store: extend it and override only the calls to watch or
 * change, for instance to count reads, inject a failure or record queries in a test, or to add metrics around a
 * production store. Thread-safe as far as the delegate is.
 *
 * @since 0.1
 */
public abstract class ForwardingSagaStore implements SagaStore {
    private final SagaStore delegate;

    /** @param delegate the store every call goes to */
    protected ForwardingSagaStore(SagaStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the store every call goes to */
    protected final SagaStore delegate() {
        return delegate;
    }

    @Override
    public SagaRecord create(SagaRecord saga, List<Envelope> outbox) {
        return delegate.create(saga, outbox);
    }

    @Override
    public void update(SagaRecord saga, long expectedVersion, List<Envelope> outbox) {
        delegate.update(saga, expectedVersion, outbox);
    }

    @Override
    public Optional<SagaRecord> find(SagaId id) {
        return delegate.find(id);
    }

    @Override
    public Optional<SagaRecord> findByBusinessKey(String sagaType, String businessKey) {
        return delegate.findByBusinessKey(sagaType, businessKey);
    }

    @Override
    public List<SagaRecord> findDue(Instant now, int limit) {
        return delegate.findDue(now, limit);
    }

    @Override
    public List<SagaRecord> query(SagaQuery query) {
        return delegate.query(query);
    }

    @Override
    public Map<SagaStatus, Long> countByStatus() {
        return delegate.countByStatus();
    }

    @Override
    public MessageOutbox outbox() {
        return delegate.outbox();
    }

    @Override
    public int purge(Instant olderThan) {
        return delegate.purge(olderThan);
    }
}

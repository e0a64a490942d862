package io.sagaflow.spi;

import io.sagaflow.SagaId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps saga instances with optimistic versioning, and the outbox of messages their transitions send.
 *
 * <p>Every write takes the messages the transition sends and stores them with the saga atomically: either both are
 * stored or neither (the transactional outbox). A message becomes visible to {@link #outbox()} only together with
 * the saga state that sent it.
 *
 * <p>Implementations are thread-safe, and safe for several engines sharing one store.
 *
 * @since 0.1
 */
public interface SagaStore {
    /**
     * Stores a new saga and its first messages. When the record has a business key already taken by a saga of the
     * same type, stores nothing and returns that saga: starting twice with one key yields one saga.
     *
     * @param saga the new saga, at version 0
     * @param outbox messages to send with it
     * @return the stored saga: {@code saga} itself, or the existing one with the same business key
     */
    SagaRecord create(SagaRecord saga, List<Envelope> outbox);

    /**
     * Replaces a saga if its stored version is still {@code expectedVersion}, and stores its messages.
     *
     * @param saga the new state, whose version must be {@code expectedVersion + 1}
     * @param expectedVersion the version that was loaded
     * @param outbox messages to send with it
     * @throws io.sagaflow.ConcurrentSagaUpdateException if the stored version moved; nothing was written
     */
    void update(SagaRecord saga, long expectedVersion, List<Envelope> outbox);

    /** @param id the saga @return the saga, or empty */
    Optional<SagaRecord> find(SagaId id);

    /**
     * @param sagaType the saga type
     * @param businessKey the business key
     * @return the saga of that type started with that key, or empty
     */
    Optional<SagaRecord> findByBusinessKey(String sagaType, String businessKey);

    /**
     * @param now the current time
     * @param limit at most this many
     * @return sagas whose {@code wakeAt} is at or before {@code now}, earliest first
     */
    List<SagaRecord> findDue(Instant now, int limit);

    /** @param query filter and page @return the matching sagas, newest first */
    List<SagaRecord> query(SagaQuery query);

    /** @return the number of sagas per status, for health checks and gauges */
    Map<io.sagaflow.SagaStatus, Long> countByStatus();

    /** @return the outbox holding messages written with saga updates */
    MessageOutbox outbox();

    /**
     * Deletes settled sagas (COMPLETED, COMPENSATED) last updated before a cut-off, and sent outbox messages.
     *
     * @param olderThan the cut-off
     * @return how many sagas were deleted
     */
    int purge(Instant olderThan);
}

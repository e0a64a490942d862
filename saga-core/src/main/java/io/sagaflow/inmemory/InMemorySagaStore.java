package io.sagaflow.inmemory;

import io.sagaflow.ConcurrentSagaUpdateException;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageOutbox;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A saga store in memory, with the same contract as the durable ones: optimistic versioning, unique business keys
 * per saga type, an index of timers, and an outbox whose messages become visible only after the saga state that
 * wrote them.
 *
 * <p>Memory stays bounded: the store keeps the last {@link #keepSettled()} sagas that ended COMPLETED or COMPENSATED
 * (by default {@value #DEFAULT_KEEP_SETTLED}) and forgets older ones as new ones end, besides what {@link #purge}
 * removes. Sagas still running, and FAILED sagas (which wait for a person), are never forgotten.
 *
 * <p>Thread-safe, and shareable by several engines in one JVM.
 *
 * @since 0.1
 */
public final class InMemorySagaStore implements SagaStore {
    /** Ended sagas kept by default. */
    public static final int DEFAULT_KEEP_SETTLED = 10_000;

    /**
     * Each saga as a {@link SagaRecord} while it runs (or waits in FAILED), and as a {@link SettledSaga} once it has
     * ended COMPLETED or COMPENSATED: kept ended sagas then cost the garbage collector a handful of objects each.
     * Read through {@link #record}, {@link #version} and {@link #header}.
     */
    private final Map<SagaId, Object> sagas = new ConcurrentHashMap<>();
    private final Map<String, SagaId> businessKeys = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Stamp> timers = new ConcurrentSkipListSet<>();
    /**
     * The kept ended sagas, oldest first, in the order they were stored: the next to forget is at the front. A
     * saga that has since changed again is still here until its turn comes, and is then forgotten only if it is
     * still the one stored (nothing else). An array, not a sorted index: a kept saga costs the collector one slot
     * here instead of a node, a key and an instant. Guarded by itself.
     */
    private final ArrayDeque<SettledSaga> ended = new ArrayDeque<>();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final int keepSettled;

    /** Creates an empty store that keeps the last {@value #DEFAULT_KEEP_SETTLED} ended sagas. */
    public InMemorySagaStore() {
        this(DEFAULT_KEEP_SETTLED);
    }

    /**
     * @param keepSettled how many sagas that ended COMPLETED or COMPENSATED to keep, for queries and the dashboard;
     *     older ones are forgotten as new ones end
     */
    public InMemorySagaStore(int keepSettled) {
        if (keepSettled < 0) {
            throw new IllegalArgumentException("keepSettled must be >= 0, was " + keepSettled);
        }
        this.keepSettled = keepSettled;
    }

    /** @return how many ended sagas this store keeps */
    public int keepSettled() {
        return keepSettled;
    }

    @Override
    public SagaRecord create(SagaRecord saga, List<Envelope> messages) {
        if (saga.businessKey() != null) {
            String key = key(saga.sagaType(), saga.businessKey());
            for (SagaId taken; (taken = businessKeys.putIfAbsent(key, saga.id())) != null; ) {
                Object existing = sagas.get(taken);
                if (existing != null) {
                    return record(existing);
                }
                // Either the other creator put the key and is about to put its record, or its saga ended and was
                // forgotten, record first, and the key is about to go too (then the key is tried again): waiting
                // for the record alone waited for ever in the second case.
                Thread.onSpinWait();
            }
        }
        Object stored = kept(saga);
        if (sagas.putIfAbsent(saga.id(), stored) != null) {
            throw new IllegalArgumentException("saga " + saga.id() + " exists already");
        }
        index(null, saga, stored);
        outbox.append(messages);
        return saga;
    }

    @Override
    public void update(SagaRecord saga, long expectedVersion, List<Envelope> messages) {
        if (saga.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("saga " + saga.id() + ": new version " + saga.version()
                    + " must be " + (expectedVersion + 1));
        }
        // Packed before the map's lock is taken; wasted only when the update loses a race.
        Object stored = kept(saga);
        // Replaced only if what was read is still there: a writer in between makes the replace fail. (A compute
        // with a lambda capturing the version, the new value and a result holder was two objects per update.)
        Object previous = sagas.get(saga.id());
        if (previous == null || version(previous) != expectedVersion
                || !sagas.replace(saga.id(), previous, stored)) {
            throw new ConcurrentSagaUpdateException(saga.id(), expectedVersion);
        }
        index(previous, saga, stored);
        outbox.append(messages);
    }

    @Override
    public Optional<SagaRecord> find(SagaId id) {
        Object stored = sagas.get(id);
        return stored == null ? Optional.empty() : Optional.of(record(stored));
    }

    @Override
    public Optional<SagaRecord> findByBusinessKey(String sagaType, String businessKey) {
        SagaId id = businessKeys.get(key(sagaType, businessKey));
        return id == null ? Optional.empty() : find(id);
    }

    @Override
    public List<SagaRecord> findDue(Instant now, int limit) {
        List<SagaRecord> due = new ArrayList<>();
        for (Stamp timer : timers.headSet(Stamp.of(now, "\uffff"), true)) {
            if (due.size() >= limit) {
                break;
            }
            Object stored = sagas.get(new SagaId(timer.sagaId()));
            SagaRecord record = stored == null ? null : record(stored);
            if (record == null || !timer.isAt(record.wakeAt())) {
                timers.remove(timer); // stale: the saga moved on
                continue;
            }
            due.add(record);
        }
        return due;
    }

    @Override
    public List<SagaRecord> query(SagaQuery query) {
        // Filtered and sorted on each saga's query fields; only the page returned is unpacked.
        return sagas.values().stream()
                .filter(stored -> query.matches(header(stored)))
                .sorted(Comparator.comparing(InMemorySagaStore::createdAt).reversed())
                .skip(query.offset())
                .limit(query.limit())
                .map(InMemorySagaStore::record)
                .toList();
    }

    @Override
    public Map<SagaStatus, Long> countByStatus() {
        Map<SagaStatus, Long> counts = new EnumMap<>(SagaStatus.class);
        for (SagaStatus status : SagaStatus.values()) {
            counts.put(status, 0L);
        }
        counts.putAll(sagas.values().stream()
                .collect(Collectors.groupingBy(stored -> header(stored).status(), Collectors.counting())));
        return counts;
    }

    @Override
    public MessageOutbox outbox() {
        return outbox;
    }

    @Override
    public int purge(Instant olderThan) {
        List<SettledSaga> old = new ArrayList<>();
        synchronized (ended) {
            ended.removeIf(settled -> settled.endedBefore(olderThan) && old.add(settled));
        }
        int purged = 0;
        for (SettledSaga settled : old) {
            purged += forget(settled);
        }
        return purged;
    }

    /** Keeps an ended saga, and forgets the oldest kept one if that makes more than {@link #keepSettled}. */
    private void keep(SettledSaga settled) {
        SettledSaga oldest;
        synchronized (ended) {
            ended.addLast(settled);
            oldest = ended.size() > keepSettled ? ended.pollFirst() : null;
        }
        if (oldest != null) {
            forget(oldest);
        }
    }

    /** @return 1 when the ended saga was removed; 0 when it had changed or gone since it ended */
    private int forget(SettledSaga settled) {
        // Removed only while the stored saga is still the one that ended: one look-up, by identity.
        if (sagas.remove(settled.id(), settled)) {
            if (settled.businessKey() != null) {
                businessKeys.remove(key(settled.sagaType(), settled.businessKey()), settled.id());
            }
            return 1;
        }
        return 0;
    }

    /** @return how many sagas are stored */
    public int size() {
        return sagas.size();
    }

    /**
     * @param before what was stored before, or null for a new saga
     * @param after the new record
     * @param stored what is stored for it now: {@code after}, or {@code after} packed
     */
    private void index(@Nullable Object before, SagaRecord after, Object stored) {
        Instant wokeAt = before == null ? null : record(before).wakeAt();
        if (wokeAt != null && !wokeAt.equals(after.wakeAt())) {
            timers.remove(Stamp.of(wokeAt, after.id().value()));
        }
        if (after.wakeAt() != null) {
            timers.add(Stamp.of(after.wakeAt(), after.id().value()));
        }
        if (stored instanceof SettledSaga settled) {
            keep(settled);
        }
    }

    /** @return what the map keeps for this record: it packed once the saga has ended, else the record itself */
    private static Object kept(SagaRecord record) {
        return record.status().isTerminal() ? SettledSaga.of(record) : record;
    }

    private static SagaRecord record(Object stored) {
        return stored instanceof SettledSaga settled ? settled.record() : (SagaRecord) stored;
    }

    /** @return the stored saga with at least its id, type, business key, status, version and creation time */
    private static SagaRecord header(Object stored) {
        return stored instanceof SettledSaga settled ? settled.header() : (SagaRecord) stored;
    }

    private static Instant createdAt(Object stored) {
        return stored instanceof SettledSaga settled ? settled.createdAt() : ((SagaRecord) stored).createdAt();
    }

    private static long version(Object stored) {
        return stored instanceof SettledSaga settled ? settled.version() : ((SagaRecord) stored).version();
    }

    private static String key(String sagaType, String businessKey) {
        return sagaType + '\u0000' + businessKey;
    }

    /**
     * A saga at an instant: a timer. The instant is held as its two fields rather than an
     * {@link Instant}, so that comparing two stamps in a large skip list reads one object each, not two.
     */
    private record Stamp(long seconds, int nanos, String sagaId) implements Comparable<Stamp> {
        static Stamp of(Instant at, String sagaId) {
            return new Stamp(at.getEpochSecond(), at.getNano(), sagaId);
        }

        boolean isAt(@Nullable Instant at) {
            return at != null && at.getEpochSecond() == seconds && at.getNano() == nanos;
        }

        @Override
        public int compareTo(Stamp other) {
            int byTime = seconds != other.seconds ? Long.compare(seconds, other.seconds)
                    : Integer.compare(nanos, other.nanos);
            return byTime != 0 ? byTime : sagaId.compareTo(other.sagaId);
        }
    }
}

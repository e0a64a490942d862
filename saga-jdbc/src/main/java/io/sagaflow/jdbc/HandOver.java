package io.sagaflow.jdbc;

import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.OutboxPublisher;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed outbox rows handed to this process's relays in memory: the saga store's writer, after its commit, queues
 * each write's messages here, and a relay publishes them without claiming them from the table in a transaction of
 * its own; the published rows are deleted later, many at a time, by a relay ({@link JdbcOutbox#DELETE_BATCH} at once,
 * in a transaction of its own) or in a relay's next round on the table.
 *
 * <p>The rows are written leased ({@code lease_until}) to this process, so no relay of any process claims them from
 * the table while they are queued here; relays take them from the table only when the lease has ended, that is after
 * this process died between the commit and their deletion (they are then sent again: at least once, as ever). A
 * publish that fails hands its rows back to the table's relays at once (their lease cleared).
 *
 * <p>Per-saga order: a write's rows are handed over only if every earlier row of that saga still in the outbox is
 * this process's (queued, being published, or published and not yet deleted); otherwise they are written unleased and
 * the relays' order check sends them after the earlier ones. Batches are taken from the queue in order under a lock,
 * and a saga's later rows wait, set aside, for the publish of its earlier ones under way; a saga whose earlier rows
 * went back to the table has its later rows go back too.
 */
final class HandOver {
    private static final Logger log = LoggerFactory.getLogger(HandOver.class);

    private final JdbcOutbox outbox;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Taken rows set aside until their saga's earlier publish ended, ready now. */
    private final ConcurrentLinkedQueue<Taken> ready = new ConcurrentLinkedQueue<>();
    private final ReentrantLock taking = new ReentrantLock();
    /** Rows this process has queued, is publishing, or published, by id, until deleted or handed back. */
    private final Set<Long> own = ConcurrentHashMap.newKeySet();
    /** Published rows waiting to be deleted. */
    private final ConcurrentLinkedQueue<Long> published = new ConcurrentLinkedQueue<>();
    /** Per saga, its last batch taken and not yet published; removed when it is. True when it was published. */
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> underWay = new ConcurrentHashMap<>();

    /** @param outbox the outbox whose rows this hands over: for its SQL, its transactions and its relays' signals */
    HandOver(JdbcOutbox outbox) {
        this.outbox = outbox;
    }

    /** @return whether every one of a saga's earlier rows still in the outbox is this process's */
    boolean ownsAll(Collection<Long> earlierRows) {
        return own.containsAll(earlierRows);
    }

    /** Counts rows just inserted leased as this process's, before their commit, so that a later write sees them. */
    void inserted(long[] ids) {
        for (long id : ids) {
            own.add(id);
        }
    }

    /** Forgets rows whose transaction rolled back. */
    void rolledBack(long[] ids) {
        for (long id : ids) {
            own.remove(id);
        }
    }

    /** Queues a write's committed rows for the relays. */
    void committed(String sagaId, List<Envelope> messages, long[] ids) {
        queue.add(new Pending(sagaId, messages, ids));
    }

    /**
     * Publishes queued rows, up to about {@code maxBatch} messages, in one call of the publisher. A saga's rows whose
     * earlier rows another relay is still publishing are not waited for: they are set aside until that publish ends,
     * and then taken first.
     *
     * @return how many messages were published; 0 if none were ready
     * @throws Exception what the publisher threw, after the batch was handed back to the table's relays
     */
    int publishQueued(int maxBatch, OutboxPublisher publisher) throws Exception {
        List<Taken> batch = take(maxBatch);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Envelope> messages = new ArrayList<>();
        List<Taken> sending = new ArrayList<>(batch.size());
        List<Taken> refused = new ArrayList<>();
        Set<CompletableFuture<Boolean>> sentHere = new HashSet<>();
        for (Taken taken : batch) {
            CompletableFuture<Boolean> before = taken.before();
            if (before == null || sentHere.contains(before) || before.isDone() && before.join()) {
                sending.add(taken);
                sentHere.add(taken.future());
                messages.addAll(taken.pending().messages());
            } else if (before.isDone()) {
                refused.add(taken); // its saga's earlier rows went back to the table: so do these
            } else {
                before.whenComplete((published, e) -> {
                    ready.add(taken);
                    outbox.handedOver();
                });
            }
        }
        handBack(refused);
        if (sending.isEmpty()) {
            return 0;
        }
        try {
            publisher.publish(messages);
        } catch (Exception | Error e) {
            handBack(sending); // an Error too: the saga's next rows wait for these
            throw e;
        }
        for (Taken taken : sending) {
            for (long id : taken.pending().ids()) {
                published.add(id);
            }
            done(taken, true);
        }
        return messages.size();
    }

    /**
     * Takes a batch: first what was set aside and is now ready, then from the queue under a lock, registering each
     * saga's place in order, so that a saga's rows are published in the order they were written whichever relay
     * takes them.
     */
    private List<Taken> take(int maxBatch) {
        List<Taken> batch = new ArrayList<>();
        int messages = 0;
        for (Taken next; messages < maxBatch && (next = ready.poll()) != null; ) {
            batch.add(next);
            messages += next.pending().messages().size();
        }
        if (queue.isEmpty()) {
            return batch;
        }
        taking.lock();
        try {
            for (Pending next; messages < maxBatch && (next = queue.poll()) != null; ) {
                CompletableFuture<Boolean> mine = new CompletableFuture<>();
                batch.add(new Taken(next, mine, underWay.put(next.sagaId(), mine)));
                messages += next.messages().size();
            }
        } finally {
            taking.unlock();
        }
        return batch;
    }

    /** Clears the rows' lease so that the table's relays send them now; if that fails, when their lease ends. */
    private void handBack(List<Taken> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Long> ids = new ArrayList<>();
        batch.forEach(taken -> {
            for (long id : taken.pending().ids()) {
                ids.add(id);
            }
        });
        try {
            outbox.transactions().inTransaction(c -> {
                outbox.clearLeases(c, ids);
                return null;
            });
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("{} outbox rows could not be handed back to the relays ({}); they are sent when their lease "
                    + "ends", ids.size(), e.toString());
        } finally {
            own.removeAll(ids);
            batch.forEach(taken -> done(taken, false));
            outbox.written();
        }
    }

    private void done(Taken taken, boolean published) {
        taken.future().complete(published);
        // Only if no later write of the saga took its place in the meantime.
        underWay.remove(taken.pending().sagaId(), taken.future());
    }

    /** Hands every queued row back to the table's relays: this process stops handing over. */
    void close() {
        List<Taken> rest = new ArrayList<>();
        List<Taken> batch;
        while (!(batch = take(JdbcOutbox.MAX_CLAIM)).isEmpty()) {
            rest.addAll(batch);
            if (rest.size() >= JdbcOutbox.MAX_CLAIM) {
                handBack(rest);
                rest = new ArrayList<>();
            }
        }
        handBack(rest);
    }

    /**
     * Deletes published rows in the caller's transaction, at most {@code max}.
     *
     * @return the ids deleted: pass them to {@link #deleted} after the commit, or to {@link #notDeleted} after a
     *     rollback; if this throws, it has put them back itself
     */
    List<Long> deletePublished(Connection c, int max) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (Long id; ids.size() < max && (id = published.poll()) != null; ) {
            ids.add(id);
        }
        if (ids.isEmpty()) {
            return ids;
        }
        try {
            outbox.deleteRows(c, ids);
        } catch (SQLException e) {
            notDeleted(ids);
            throw e;
        }
        return ids;
    }

    /** The deleting transaction committed. */
    void deleted(List<Long> ids) {
        own.removeAll(ids);
    }

    /** The deleting transaction rolled back: a later one deletes the rows. */
    void notDeleted(List<Long> ids) {
        published.addAll(ids);
    }

    /** @return how many published rows wait to be deleted */
    int waitingForDelete() {
        return published.size();
    }

    /** @return the ids of the published rows waiting to be deleted, a copy */
    List<Long> publishedIds() {
        return new ArrayList<>(published);
    }

    /** One write's committed rows, in order. */
    private record Pending(String sagaId, List<Envelope> messages, long[] ids) {
    }

    /** A queued write taken for a publish; {@code before} is its saga's earlier publish still under way. */
    private record Taken(Pending pending, CompletableFuture<Boolean> future,
                         @Nullable CompletableFuture<Boolean> before) {
    }
}

package io.sagaflow.jdbc;

import io.sagaflow.ConcurrentSagaUpdateException;
import io.sagaflow.SagaStoreException;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.SagaRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of saga writes in one transaction with JDBC batches: the creates ({@code INSERT ... ON CONFLICT DO
 * NOTHING} on PostgreSQL; a plain insert on H2), then the updates in saga id order ({@code UPDATE ... WHERE id = ? AND version = ?}), then the outbox
 * rows of the writes that took effect, then one commit. Each write gets its own outcome from its own update count:
 * a stale version fails only its saga and none of its messages are written; a taken business key returns the saga
 * holding it to that caller only.
 *
 * <p>If a statement fails (a value too long, a constraint, a deadlock), the transaction rolls back and every write
 * is tried again in a transaction of its own, so a bad write fails alone and nobody's is lost. If the commit itself
 * fails, the outcome is unknown and every write of the batch fails with a {@link SagaStoreException} saying so.
 */
final class SagaBatchWriter implements Consumer<List<SagaWrite>> {
    private static final Logger log = LoggerFactory.getLogger(SagaBatchWriter.class);

    private final TransactionRunner transactions;
    private final JdbcOutbox outbox;
    private final Duration lease;
    private final String insertSql;
    private final String updateSql;
    private final String selectByKeySql;

    /**
     * @param lease how long the rows handed over to this process's relays stay leased to it
     */
    SagaBatchWriter(TransactionRunner transactions, JdbcOutbox outbox, TableNames tables, JdbcDialect dialect,
                    Duration lease) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.lease = lease;
        // H2 knows ON CONFLICT only in PostgreSQL mode; there a taken key fails the batch, and the create alone
        // finds the saga holding it (see tryWrite).
        this.insertSql = SagaRows.insertSql(tables) + (dialect == JdbcDialect.POSTGRESQL ? " ON CONFLICT DO NOTHING"
                : "");
        this.updateSql = SagaRows.updateSql(tables);
        this.selectByKeySql = "SELECT " + SagaRows.COLUMNS + " FROM " + tables.saga()
                + " WHERE saga_type = ? AND business_key = ?";
    }

    @Override
    public void accept(List<SagaWrite> batch) {
        if (!tryWrite(batch)) {
            log.debug("a batch of {} saga writes failed; writing each in a transaction of its own", batch.size());
            for (SagaWrite write : batch) {
                tryWrite(List.of(write));
            }
        }
    }

    /**
     * @return false if a statement failed in a batch of several and nothing was written: the caller retries each
     *     write alone. Otherwise every write is done.
     */
    private boolean tryWrite(List<SagaWrite> batch) {
        Attempt attempt = new Attempt(batch);
        try {
            transactions.inTransaction(attempt::run);
        } catch (Exception e) {
            attempt.rolledBack();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (attempt.stage == Stage.STATEMENTS && batch.size() > 1) {
                return false;
            }
            if (attempt.stage == Stage.STATEMENTS && takenKey(batch.get(0), e)) {
                return true;
            }
            String why = attempt.stage == Stage.COMMIT
                    ? " (the commit failed, so whether it was written is unknown)" : "";
            for (SagaWrite write : batch) {
                write.fail(failure(write.describe() + why, e));
            }
            return true;
        }
        attempt.committed();
        attempt.outcomes.forEach((write, outcome) -> {
            if (outcome instanceof RuntimeException e) {
                write.fail(e);
            } else {
                write.succeed((SagaRecord) outcome);
            }
        });
        if (attempt.messagesWritten) {
            outbox.written();
        }
        if (!attempt.leased.isEmpty()) {
            outbox.handedOver();
        }
        return true;
    }

    /** A create alone that hit a unique key (without ON CONFLICT): done if a saga holds its business key. */
    private boolean takenKey(SagaWrite write, Exception e) {
        if (!write.isCreate() || write.saga().businessKey() == null || !(e instanceof SQLException sql)
                || !Sql.isUniqueViolation(sql)) {
            return false;
        }
        try {
            Object existing = transactions.inTransaction(c -> new Attempt(List.of(write)).existing(c, write));
            if (existing instanceof SagaRecord saga) {
                write.succeed(saga);
                return true;
            }
        } catch (Exception lookup) {
            e.addSuppressed(lookup);
        }
        return false;
    }

    private static RuntimeException failure(String what, Exception e) {
        if (e instanceof SQLException sql) {
            return Sql.failure(what, sql);
        }
        return e instanceof SagaStoreException store ? store : new SagaStoreException(what + ": " + e, e);
    }

    private enum Stage { CONNECTION, STATEMENTS, COMMIT }

    /** One transaction's work on a batch; its outcomes count only once it committed. */
    private final class Attempt {
        private final List<SagaWrite> batch;
        /** Write → the saga its caller gets, or the exception it throws. In batch order. */
        private final Map<SagaWrite, Object> outcomes = new LinkedHashMap<>();
        /** Written writes whose rows are leased to this process, with their ids, for its relays. */
        private final Map<SagaWrite, long[]> leased = new LinkedHashMap<>();
        private final @Nullable HandOver handOver = outbox.handOver();
        private Stage stage = Stage.CONNECTION;
        private boolean messagesWritten;

        Attempt(List<SagaWrite> batch) {
            this.batch = batch;
        }

        void committed() {
            if (handOver != null) {
                leased.forEach((write, ids) -> handOver.committed(write.saga().id().value(), write.messages(), ids));
            }
        }

        void rolledBack() {
            if (handOver != null) {
                leased.values().forEach(handOver::rolledBack);
            }
            leased.clear();
        }

        @Nullable Void run(Connection c) throws SQLException {
            stage = Stage.STATEMENTS;
            batch.forEach(w -> outcomes.put(w, w.saga()));
            insert(c, batch.stream().filter(SagaWrite::isCreate).toList());
            update(c, batch.stream().filter(w -> !w.isCreate())
                    .sorted(Comparator.comparing(w -> w.saga().id().value())).toList()); // one lock order
            List<SagaWrite> written = new ArrayList<>();
            outcomes.forEach((write, outcome) -> {
                if (outcome == write.saga() && !write.messages().isEmpty()) {
                    written.add(write);
                }
            });
            List<Envelope> messages = new ArrayList<>();
            if (handOver == null || written.size() > JdbcOutbox.MAX_CLAIM) {
                written.forEach(write -> messages.addAll(write.messages()));
            } else {
                messages.addAll(insertLeased(c, written));
            }
            outbox.insert(c, messages);
            messagesWritten = !messages.isEmpty();
            stage = Stage.COMMIT;
            return null;
        }

        /**
         * Inserts leased the rows of each write whose saga has no earlier row in the outbox that this process is not
         * publishing itself, and records their ids as this process's before the commit.
         *
         * @return the messages of the other writes, for the relays
         */
        private List<Envelope> insertLeased(Connection c, List<SagaWrite> written) throws SQLException {
            HandOver over = java.util.Objects.requireNonNull(handOver);
            // A new saga has no earlier rows: only updates are looked up.
            Map<String, List<Long>> earlier = outbox.unsentRows(c,
                    written.stream().filter(w -> !w.isCreate()).map(w -> w.saga().id().value()).toList());
            List<SagaWrite> own = new ArrayList<>();
            List<Envelope> mine = new ArrayList<>();
            List<Envelope> relays = new ArrayList<>();
            for (SagaWrite write : written) {
                if (over.ownsAll(earlier.getOrDefault(write.saga().id().value(), List.of()))) {
                    own.add(write);
                    mine.addAll(write.messages());
                } else {
                    relays.addAll(write.messages());
                }
            }
            long[] ids = outbox.insertLeased(c, mine, Instant.now().plus(lease));
            over.inserted(ids);
            int from = 0;
            for (SagaWrite write : own) {
                leased.put(write, Arrays.copyOfRange(ids, from, from + write.messages().size()));
                from += write.messages().size();
            }
            return relays;
        }

        private void insert(Connection c, List<SagaWrite> creates) throws SQLException {
            if (creates.isEmpty()) {
                return;
            }
            int[] counts;
            try (PreparedStatement ps = c.prepareStatement(insertSql)) {
                for (SagaWrite write : creates) {
                    SagaRows.bindAll(ps, write.saga());
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            }
            for (int i = 0; i < creates.size(); i++) {
                SagaWrite write = creates.get(i);
                if (counts[i] == 0) {
                    outcomes.put(write, existing(c, write));
                } else if (counts[i] != 1) {
                    throw unknownCount(counts[i]);
                }
            }
        }

        /** The saga holding the business key of a create that inserted nothing; else the create fails. */
        private Object existing(Connection c, SagaWrite write) throws SQLException {
            SagaRecord saga = write.saga();
            if (saga.businessKey() != null) {
                try (PreparedStatement ps = c.prepareStatement(selectByKeySql)) {
                    ps.setString(1, saga.sagaType());
                    ps.setString(2, saga.businessKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            SagaRecord existing = SagaRows.read(rs);
                            log.debug("saga {} business key '{}' is taken by {}", saga.sagaType(),
                                    saga.businessKey(), existing.id());
                            return existing;
                        }
                    }
                }
            }
            return Sql.failure(write.describe(), new SQLException("a saga with id " + saga.id() + " exists already",
                    Sql.UNIQUE_VIOLATION));
        }

        private void update(Connection c, List<SagaWrite> updates) throws SQLException {
            if (updates.isEmpty()) {
                return;
            }
            int[] counts;
            try (PreparedStatement ps = c.prepareStatement(updateSql)) {
                for (SagaWrite write : updates) {
                    SagaRows.bindUpdate(ps, write.saga(), write.expectedVersion());
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            }
            for (int i = 0; i < updates.size(); i++) {
                SagaWrite write = updates.get(i);
                if (counts[i] == 0) {
                    // Nothing was written; its outbox rows never are.
                    outcomes.put(write, new ConcurrentSagaUpdateException(write.saga().id(), write.expectedVersion()));
                } else if (counts[i] != 1) {
                    throw unknownCount(counts[i]);
                }
            }
        }

        /** A driver that reports no per-statement counts (e.g. rewritten batches): retried one write at a time. */
        private static SQLException unknownCount(int count) {
            return new SQLException("the JDBC driver reported update count " + count + " for a batched statement");
        }
    }
}

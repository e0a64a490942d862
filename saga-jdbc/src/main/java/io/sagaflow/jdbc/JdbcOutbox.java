package io.sagaflow.jdbc;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.MessageOutbox;
import io.sagaflow.spi.OutboxPublisher;
import io.sagaflow.spi.support.UniqueIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The outbox table, shared by the saga store and the participant inbox. Writers insert rows inside their own
 * transaction ({@link #insert}) and call {@link #written()} after the commit; relays claim unsent rows with
 * {@code FOR UPDATE SKIP LOCKED}, so several relays share the work, publish them, and delete them in the same
 * transaction, so a failed publish (or a crash) leaves them unsent. Rows marked sent by earlier versions (column
 * {@code sent_at}) are deleted by {@link #purgeSent}.
 *
 * <p>Per-saga order: a relay publishes a saga's row only if every earlier unsent row of that saga is in its own
 * batch; rows behind one another relay holds wait for the next round.
 */
final class JdbcOutbox implements MessageOutbox, AutoCloseable {
    /** The most rows one relay round claims, whatever batch its caller asks for. */
    static final int MAX_CLAIM = 1_000;
    private static final String COLUMNS = "id, message_id, kind, destination, payload_type, saga_id, saga_type, "
            + "step, correlation_id, reply_to, created_at, headers, payload";

    private final TransactionRunner transactions;
    private final JdbcDialect dialect;
    private final TableNames tables;
    private final OutboxSignal signal = new OutboxSignal();
    private final @Nullable PostgresListener listener;
    /**
     * This outbox's notification payload. Its own listener ignores it: this process's relays are woken in-process
     * after the commit ({@link #written()}), and waking them again for the same rows made them run a round that
     * found nothing.
     */
    private final String notifier = UniqueIds.next();
    private final String insertSql;

    JdbcOutbox(DataSource dataSource, JdbcDialect dialect, TableNames tables, boolean listen) {
        this.transactions = TransactionRunner.of(dataSource);
        this.dialect = dialect;
        this.tables = tables;
        this.listener = dialect == JdbcDialect.POSTGRESQL && listen
                ? new PostgresListener(dataSource, tables.notifyChannel(), notifier, signal) : null;
        this.insertSql = "INSERT INTO " + tables.outbox() + " (message_id, kind, destination, payload_type, saga_id, "
                + "saga_type, step, correlation_id, reply_to, created_at, headers, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** Inserts messages in the caller's transaction, in order, and (PostgreSQL) notifies listeners on commit. */
    void insert(Connection c, List<Envelope> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            for (Envelope e : messages) {
                ps.setString(1, e.messageId());
                ps.setString(2, e.kind().name());
                ps.setString(3, e.destination().toString());
                Sql.setNullableString(ps, 4, e.type());
                Sql.setNullableString(ps, 5, e.sagaId());
                Sql.setNullableString(ps, 6, e.sagaType());
                Sql.setNullableString(ps, 7, e.step());
                Sql.setNullableString(ps, 8, e.correlationId());
                Sql.setNullableString(ps, 9, e.replyTo() == null ? null : e.replyTo().toString());
                ps.setLong(10, Sql.nanos(e.createdAt()));
                ps.setString(11, JsonColumns.headers(e.headers()));
                ps.setBytes(12, e.payload());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (dialect == JdbcDialect.POSTGRESQL) {
            // Delivered at commit, and only then; several in one transaction are folded into one. The payload says
            // which outbox sent it, so that its own listener can leave it out.
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, tables.notifyChannel());
                ps.setString(2, notifier);
                ps.execute();
            }
        }
    }

    /** @return notifications from other writers that woke this outbox's relays so far; 0 without a listener */
    long notificationsFromOthers() {
        return listener == null ? 0 : listener.fromOthers();
    }

    /** @return plain transactions on the outbox's data source */
    TransactionRunner transactions() {
        return transactions;
    }

    /** Wakes this process's relay; writers call it after the commit that inserted rows. */
    void written() {
        signal.signal();
    }

    @Override
    public int relay(int maxBatch, OutboxPublisher publisher) throws Exception {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        return transactions.inTransaction(c -> {
            // At most MAX_CLAIM rows a round: the order check and the delete bind one parameter per saga or row,
            // and PostgreSQL takes at most 65,535 parameters a statement.
            List<Row> claimed = claim(c, Math.min(maxBatch, MAX_CLAIM));
            if (claimed.isEmpty()) {
                return 0;
            }
            List<Row> batch = inSagaOrder(c, claimed);
            if (batch.isEmpty()) {
                return 0;
            }
            publisher.publish(batch.stream().map(Row::envelope).toList());
            deleteSent(c, batch);
            return batch.size();
        });
    }

    private List<Row> claim(Connection c, int maxBatch) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + tables.outbox() + " WHERE sent_at IS NULL ORDER BY id"
                + " FETCH FIRST " + maxBatch + " ROWS ONLY FOR UPDATE SKIP LOCKED";
        List<Row> rows = new ArrayList<>();
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong("id"), read(rs)));
            }
        }
        return rows;
    }

    /** Keeps the claimed rows whose saga has no earlier unsent row outside the batch (held by another relay). */
    private List<Row> inSagaOrder(Connection c, List<Row> claimed) throws SQLException {
        Set<String> sagas = new LinkedHashSet<>();
        Set<Long> claimedIds = new HashSet<>();
        for (Row row : claimed) {
            claimedIds.add(row.id());
            if (row.envelope().sagaId() != null) {
                sagas.add(row.envelope().sagaId());
            }
        }
        if (sagas.isEmpty()) {
            return claimed;
        }
        long last = claimed.get(claimed.size() - 1).id();
        Map<String, TreeSet<Long>> unsent = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, saga_id FROM " + tables.outbox()
                + " WHERE sent_at IS NULL AND id <= ? AND saga_id IN (" + Sql.placeholders(sagas.size()) + ")")) {
            ps.setLong(1, last);
            int i = 2;
            for (String saga : sagas) {
                ps.setString(i++, saga);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unsent.computeIfAbsent(rs.getString(2), k -> new TreeSet<>()).add(rs.getLong(1));
                }
            }
        }
        Map<String, Long> firstBlocked = new HashMap<>();
        unsent.forEach((saga, ids) -> ids.stream().filter(id -> !claimedIds.contains(id)).findFirst()
                .ifPresent(id -> firstBlocked.put(saga, id)));
        List<Row> ready = new ArrayList<>(claimed.size());
        for (Row row : claimed) {
            Long blocked = row.envelope().sagaId() == null ? null : firstBlocked.get(row.envelope().sagaId());
            if (blocked == null || row.id() < blocked) {
                ready.add(row);
            }
        }
        return ready;
    }

    /**
     * Deletes the rows just published, in the transaction that claimed them: one statement, and no sent row left for
     * housekeeping to delete later (marking rows sent and purging them afterwards wrote every row twice more).
     */
    private void deleteSent(Connection c, List<Row> batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.outbox() + " WHERE id IN ("
                + Sql.placeholders(batch.size()) + ")")) {
            int i = 1;
            for (Row row : batch) {
                ps.setLong(i++, row.id());
            }
            ps.executeUpdate();
        }
    }

    private static Envelope read(ResultSet rs) throws SQLException {
        String replyTo = rs.getString("reply_to");
        return new Envelope(rs.getString("message_id"), MessageKind.valueOf(rs.getString("kind")),
                Destination.parse(rs.getString("destination")), rs.getString("payload_type"),
                rs.getString("saga_id"), rs.getString("saga_type"), rs.getString("step"),
                rs.getString("correlation_id"), replyTo == null ? null : Destination.parse(replyTo),
                Sql.instant(rs.getLong("created_at")), JsonColumns.headers(rs.getString("headers")),
                rs.getBytes("payload"));
    }

    @Override
    public void awaitMessages(Duration timeout) throws InterruptedException {
        if (listener != null) {
            listener.start();
        }
        signal.await(timeout);
    }

    @Override
    public long pending() {
        return Sql.inTransaction(transactions, "cannot count the unsent messages in " + tables.outbox(), c -> {
            try (Statement statement = c.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + tables.outbox()
                         + " WHERE sent_at IS NULL")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Deletes rows sent before the cut-off. @return how many */
    int purgeSent(Instant olderThan) {
        return Purge.inBatches(transactions, "sent messages in " + tables.outbox(),
                "DELETE FROM " + tables.outbox() + " WHERE id IN (SELECT id FROM " + tables.outbox()
                        + " WHERE sent_at IS NOT NULL AND sent_at < ? FETCH FIRST " + Purge.BATCH + " ROWS ONLY)",
                ps -> ps.setLong(1, Sql.nanos(olderThan)));
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private record Row(long id, Envelope envelope) {
    }
}

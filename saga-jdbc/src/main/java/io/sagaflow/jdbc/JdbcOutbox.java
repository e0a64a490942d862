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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox table, shared by the saga store and the participant inbox. Writers insert rows inside their own
 * transaction ({@link #insert}) and call {@link #written()} after the commit; relays claim unsent rows with
 * {@code FOR UPDATE SKIP LOCKED}, so several relays share the work, publish them, and delete them in the same
 * transaction, so a failed publish (or a crash) leaves them unsent. Rows marked sent by earlier versions (column
 * {@code sent_at}) are deleted by {@link #purgeSent}.
 *
 * <p>Per-saga order: a relay publishes a saga's row only if every earlier unsent row of that saga from the same
 * writer (the orchestrator, or a participant's replies: see {@link #writerKey}) is in its own batch; rows behind one
 * another relay holds wait for the next round.
 *
 * <p>With {@linkplain #handOverOnCommit hand-over on commit} (the saga store's default), the saga store writes rows
 * leased to this process and hands them to this process's relays in memory after the commit ({@link HandOver}); the
 * relays publish those first, claim from the table only unleased rows and rows whose lease ended, and delete the
 * published ones. They then claim from the table only when woken for unleased rows (or rows handed back after a
 * failed publish, or another process's rows) and once per wait without a signal, not after every commit.
 */
final class JdbcOutbox implements MessageOutbox, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcOutbox.class);
    /** The most rows one relay round claims, whatever batch its caller asks for. */
    static final int MAX_CLAIM = 1_000;
    /** Rows published from the hand-over are deleted once this many wait, or on the relays' next table round. */
    static final int DELETE_BATCH = 256;
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
    private final String insertLeasedSql;
    private final boolean mayHandOver;
    private volatile @Nullable HandOver handOver;
    /** Engines that asked for the hand-over and have not stopped; guarded by this. */
    private int handOverUsers;
    /** Whether the next relay round claims from the table; always when nothing is handed over. */
    private volatile boolean tableRoundDue = true;
    /** When a relay last claimed from the table ({@link System#nanoTime()}). */
    private volatile long lastTableRound = System.nanoTime();

    /**
     * @param listen whether relays LISTEN for other processes' commits (PostgreSQL)
     * @param mayHandOver whether {@link #handOverOnCommit} agrees: only the saga store's outbox, whose writer leases
     *     the rows it hands over, does
     */
    JdbcOutbox(DataSource dataSource, JdbcDialect dialect, TableNames tables, boolean listen,
               boolean mayHandOver) {
        this.mayHandOver = mayHandOver;
        this.transactions = TransactionRunner.of(dataSource);
        this.dialect = dialect;
        this.tables = tables;
        this.listener = dialect == JdbcDialect.POSTGRESQL && listen
                ? new PostgresListener(dataSource, tables.notifyChannel(), notifier, signal) : null;
        String columns = "INSERT INTO " + tables.outbox() + " (message_id, kind, destination, payload_type, saga_id, "
                + "saga_type, step, correlation_id, reply_to, created_at, headers, payload";
        this.insertSql = columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        this.insertLeasedSql = columns + ", lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /** Inserts messages in the caller's transaction, in order, and (PostgreSQL) notifies listeners on commit. */
    void insert(Connection c, List<Envelope> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            for (Envelope e : messages) {
                bind(ps, e);
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

    private static void bind(PreparedStatement ps, Envelope e) throws SQLException {
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
    }

    /**
     * Inserts messages leased to this process until {@code leaseUntil}, in the caller's transaction, in order, with
     * no notification: they are handed to this process's relays after the commit ({@link #handOver()}).
     *
     * @return the rows' ids, in the messages' order
     */
    long[] insertLeased(Connection c, List<Envelope> messages, Instant leaseUntil) throws SQLException {
        long[] ids = new long[messages.size()];
        if (messages.isEmpty()) {
            return ids;
        }
        long until = Sql.nanos(leaseUntil);
        try (PreparedStatement ps = c.prepareStatement(insertLeasedSql, new String[] {"id"})) {
            for (Envelope e : messages) {
                bind(ps, e);
                ps.setLong(13, until);
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                int i = 0;
                while (keys.next()) {
                    if (i == ids.length) {
                        throw new SQLException("the JDBC driver returned more generated keys than rows inserted");
                    }
                    ids[i++] = keys.getLong(1);
                }
                if (i != ids.length) {
                    throw new SQLException("the JDBC driver returned " + i + " generated keys for " + ids.length
                            + " rows inserted");
                }
            }
        }
        return ids;
    }

    /**
     * The ids of the unsent rows the orchestrator wrote for these sagas, by saga: the rows a saga's new messages
     * would follow.
     *
     * @param sagaIds at most {@link #MAX_CLAIM}
     */
    Map<String, List<Long>> unsentRows(Connection c, Collection<String> sagaIds) throws SQLException {
        Map<String, List<Long>> rows = new HashMap<>();
        if (sagaIds.isEmpty()) {
            return rows;
        }
        // The orchestrator's rows only: a participant's replies in a shared table keep their own order.
        try (PreparedStatement ps = c.prepareStatement("SELECT id, saga_id FROM " + tables.outbox()
                + " WHERE sent_at IS NULL AND kind NOT LIKE 'REPLY%' AND "
                + Sql.oneOf(dialect, "saga_id", sagaIds.size()))) {
            Sql.bindOneOf(ps, 1, dialect, "varchar", sagaIds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getLong(1));
                }
            }
        }
        return rows;
    }

    /** @return where committed rows go for this process's relays, or null when every row is left to the table */
    @Nullable HandOver handOver() {
        return handOver;
    }

    /**
     * Hands each saga write's messages to this process's relays after its commit, the rows leased to this process,
     * when the saga store writes them so ({@link JdbcSagaStore.Builder#handOverOnCommit}).
     *
     * @param enabled true from each engine that starts on this store; false from each that stops: once the last has
     *     stopped, every row still queued goes back to the table's relays (their lease cleared), and the rows
     *     published so far are deleted
     * @return true, if this is the saga store's outbox and its store was not built with hand-over off
     */
    @Override
    public synchronized boolean handOverOnCommit(boolean enabled) {
        if (!mayHandOver) {
            return false;
        }
        // Several engines may share one store: the hand-over runs from the first that asks to the last that stops.
        if (enabled) {
            if (handOverUsers++ == 0) {
                handOver = new HandOver(this);
                tableRoundDue = true;
            }
            return true;
        }
        if (handOverUsers == 0 || --handOverUsers > 0) {
            return true;
        }
        HandOver before = handOver;
        handOver = null;
        tableRoundDue = true;
        if (before != null) {
            before.close();
            try {
                before.deleted(transactions.inTransaction(c -> before.deletePublished(c, MAX_CLAIM)));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Left in the outbox: a relay sends them again when their lease ends, and consumers drop duplicates.
                log.debug("{}: published rows not deleted on stopping: {}", tables.outbox(), e.toString());
            }
        }
        return true;
    }

    /** @return notifications from other writers that woke this outbox's relays so far; 0 without a listener */
    long notificationsFromOthers() {
        return listener == null ? 0 : listener.fromOthers();
    }

    /** @return plain transactions on the outbox's data source */
    TransactionRunner transactions() {
        return transactions;
    }

    /** Wakes this process's relays to claim from the table; writers call it after the commit that inserted rows. */
    void written() {
        signal.signal();
    }

    /** Wakes this process's relays for rows handed over; the store's writer calls it after such a commit. */
    void handedOver() {
        signal.signalHandedOver();
    }

    @Override
    public int relay(int maxBatch, OutboxPublisher publisher) throws Exception {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        HandOver over = handOver;
        if (over != null) {
            int sent = over.publishQueued(Math.min(maxBatch, MAX_CLAIM), publisher);
            if (over.waitingForDelete() >= DELETE_BATCH) {
                deletePublished(over);
            }
            if (sent > 0 || !tableRoundDue) {
                return sent;
            }
        }
        lastTableRound = System.nanoTime();
        List<Long> deleted = new ArrayList<>();
        try {
            int sent = transactions.inTransaction(c -> {
                // Rows published from the hand-over, first: the order check below must not see them.
                if (over != null) {
                    deleted.addAll(over.deletePublished(c, MAX_CLAIM));
                }
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
            if (over != null) {
                over.deleted(deleted);
                if (sent == 0) {
                    tableRoundDue = false; // until a signal for the table, or a wait without one
                }
            }
            return sent;
        } catch (Exception e) {
            if (over != null) {
                over.notDeleted(deleted);
            }
            throw e;
        }
    }

    /**
     * Deletes rows published from the hand-over in a transaction of their own, on the relay's thread: not in the saga
     * store's group commit, which writes one transaction at a time and would wait for it.
     */
    private void deletePublished(HandOver over) throws Exception {
        List<Long> deleted = new ArrayList<>();
        try {
            transactions.inTransaction(c -> deleted.addAll(over.deletePublished(c, MAX_CLAIM)));
            over.deleted(deleted);
        } catch (Exception e) {
            over.notDeleted(deleted);
            throw e;
        }
    }

    /** Unsent rows in id order, but no row still leased to the process that wrote it. */
    private List<Row> claim(Connection c, int maxBatch) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + tables.outbox() + " WHERE sent_at IS NULL"
                + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY id"
                + " FETCH FIRST " + maxBatch + " ROWS ONLY FOR UPDATE SKIP LOCKED";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, Sql.nanos(Instant.now()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong("id"), read(rs)));
                }
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
        try (PreparedStatement ps = c.prepareStatement("SELECT id, saga_id, kind FROM " + tables.outbox()
                + " WHERE sent_at IS NULL AND id <= ? AND saga_id IN (" + Sql.placeholders(sagas.size()) + ")")) {
            ps.setLong(1, last);
            int i = 2;
            for (String saga : sagas) {
                ps.setString(i++, saga);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unsent.computeIfAbsent(writerKey(rs.getString(2), rs.getString(3)), k -> new TreeSet<>())
                            .add(rs.getLong(1));
                }
            }
        }
        Map<String, Long> firstBlocked = new HashMap<>();
        unsent.forEach((saga, ids) -> ids.stream().filter(id -> !claimedIds.contains(id)).findFirst()
                .ifPresent(id -> firstBlocked.put(saga, id)));
        List<Row> ready = new ArrayList<>(claimed.size());
        for (Row row : claimed) {
            Long blocked = row.envelope().sagaId() == null ? null
                    : firstBlocked.get(writerKey(row.envelope().sagaId(), row.envelope().kind().name()));
            if (blocked == null || row.id() < blocked) {
                ready.add(row);
            }
        }
        return ready;
    }

    /**
     * A saga's messages keep their order per writer: the orchestrator's commands and events among themselves, a
     * participant's replies among themselves. When a participant's inbox shares the orchestrator's outbox table (one
     * database for both), a reply must not wait behind a command of the same saga that is published but not yet
     * deleted, and it never needs to: a reply always comes after the command it answers.
     */
    static String writerKey(String sagaId, String kind) {
        return (kind.startsWith("REPLY") ? "r:" : "o:") + sagaId;
    }

    /**
     * Deletes the rows just published, in the transaction that claimed them: one statement, and no sent row left for
     * housekeeping to delete later (marking rows sent and purging them afterwards wrote every row twice more).
     */
    private void deleteSent(Connection c, List<Row> batch) throws SQLException {
        deleteRows(c, batch.stream().map(Row::id).toList());
    }

    /** Deletes rows by id in the caller's transaction; relayed rows and rows published from the hand-over. */
    void deleteRows(Connection c, Collection<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + tables.outbox() + " WHERE "
                + Sql.oneOf(dialect, "id", ids.size()))) {
            Sql.bindOneOf(ps, 1, dialect, "bigint", ids);
            ps.executeUpdate();
        }
    }

    /** Clears the rows' lease in the caller's transaction, so that any relay may claim them now. */
    void clearLeases(Connection c, Collection<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.outbox() + " SET lease_until = NULL WHERE "
                + Sql.oneOf(dialect, "id", ids.size()))) {
            Sql.bindOneOf(ps, 1, dialect, "bigint", ids);
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
        OutboxSignal.Woken woken = signal.await(timeout);
        if (woken == OutboxSignal.Woken.FOR_TABLE || woken == OutboxSignal.Woken.TIMED_OUT
                && (handOver == null || System.nanoTime() - lastTableRound >= timeout.toNanos() / 2)) {
            // Of several relays whose waits end in the same interval, one round on the table is enough: with the
            // hand-over on, a claim reads past every leased row.
            tableRoundDue = true;
        }
    }

    /**
     * @return rows not yet sent; rows this process published from the hand-over and has not deleted yet are not
     *     counted (a row published while this counts may be)
     */
    @Override
    public long pending() {
        HandOver over = handOver;
        // Taken before the count: a row deleted meanwhile is in neither, one published meanwhile is counted.
        List<Long> published = over == null ? List.of() : over.publishedIds();
        return Sql.inTransaction(transactions, "cannot count the unsent messages in " + tables.outbox(), c -> {
            String sql = "SELECT COUNT(*) FROM " + tables.outbox() + " WHERE sent_at IS NULL";
            if (published.isEmpty()) {
                try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(sql + " AND NOT (" + Sql.oneOf(dialect, "id",
                    published.size()) + ")")) {
                Sql.bindOneOf(ps, 1, dialect, "bigint", published);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
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

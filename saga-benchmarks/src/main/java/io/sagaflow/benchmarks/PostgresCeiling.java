package io.sagaflow.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * PostgreSQL's commit rate for a saga store's statements: per transaction, an optimistic UPDATE of a saga row and an
 * INSERT into an outbox table, then COMMIT with {@code synchronous_commit = on}. Run with one connection and with
 * several, since concurrent commits share WAL flushes.
 *
 * <p>The tables are ordinary tables with a unique name, dropped afterwards, not {@code TEMP} tables: PostgreSQL
 * writes no WAL for temporary tables, so their commits never wait for a flush and would overstate the ceiling.
 */
final class PostgresCeiling {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    static final String URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";
    private static final int ROWS_PER_CONNECTION = 1_000;

    static boolean reachable() {
        return Services.reachable(HOST, PORT);
    }

    static List<Ceiling> measure(Duration duration, int... connectionCounts) throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String sagas = "bench_saga_" + suffix;
        String outbox = "bench_outbox_" + suffix;
        try (Connection admin = connect()) {
            try (Statement ddl = admin.createStatement()) {
                ddl.execute("CREATE TABLE " + sagas + " (id bigint PRIMARY KEY, version bigint NOT NULL,"
                        + " status text NOT NULL, data bytea NOT NULL, updated_at timestamptz NOT NULL)");
                ddl.execute("CREATE TABLE " + outbox + " (id bigserial PRIMARY KEY, saga_id bigint NOT NULL,"
                        + " payload bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
                ddl.execute("INSERT INTO " + sagas + " SELECT g, 0, 'RUNNING', '\\x00'::bytea, now()"
                        + " FROM generate_series(0, " + (ROWS_PER_CONNECTION * 64) + ") g");
            }
            try {
                List<Ceiling> ceilings = new ArrayList<>();
                int firstRow = 0;
                for (int connections : connectionCounts) {
                    // Fresh rows per run, so every connection's versions start at 0.
                    ceilings.add(run(sagas, outbox, firstRow, connections, duration));
                    firstRow += connections * ROWS_PER_CONNECTION;
                }
                return ceilings;
            } finally {
                try (Statement ddl = admin.createStatement()) {
                    ddl.execute("DROP TABLE " + sagas);
                    ddl.execute("DROP TABLE " + outbox);
                }
            }
        }
    }

    private static Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(URL, "postgres", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = on");
        }
        return connection;
    }

    private static Ceiling run(String sagas, String outbox, int firstRow, int connections, Duration duration)
            throws Exception {
        Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
        LongAdder commits = new LongAdder();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long end = System.nanoTime() + duration.toNanos();
        byte[] data = new byte[400];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int first = firstRow + c * ROWS_PER_CONNECTION;
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection connection = connect();
                     PreparedStatement update = connection.prepareStatement("UPDATE " + sagas
                             + " SET version = version + 1, data = ?, updated_at = now() WHERE id = ? AND version = ?");
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO " + outbox
                             + " (saga_id, payload) VALUES (?, ?)")) {
                    connection.setAutoCommit(false);
                    long[] versions = new long[ROWS_PER_CONNECTION];
                    for (int i = 0; System.nanoTime() < end; i = (i + 1) % ROWS_PER_CONNECTION) {
                        long t = System.nanoTime();
                        update.setBytes(1, data);
                        update.setLong(2, first + i);
                        update.setLong(3, versions[i]);
                        if (update.executeUpdate() != 1) {
                            throw new SQLException("saga row " + (first + i) + " lost its optimistic update");
                        }
                        insert.setLong(1, first + i);
                        insert.setBytes(2, data);
                        insert.executeUpdate();
                        connection.commit();
                        versions[i]++;
                        recorder.recordValue(System.nanoTime() - t);
                        commits.increment();
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        MachineCpu before = MachineCpu.now();
        long start = System.nanoTime();
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double busy = MachineCpu.busy(before, MachineCpu.now());
        return new Ceiling("PostgreSQL UPDATE saga + INSERT outbox + COMMIT, " + connections + " connection"
                + (connections == 1 ? "" : "s"), commits.sum() / seconds, recorder.getIntervalHistogram(),
                "synchronous_commit on, 400-byte rows, one transaction per saga transition", busy);
    }
}

package io.sagaflow.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection that {@code LISTEN}s on an outbox's channel and turns every notification from another writer
 * into an {@link OutboxSignal}, so a relay wakes when another process (or another store on the same tables) commits
 * outbox rows. Notifications whose payload is this outbox's own are left out: its writers wake its relays in-process.
 * Reconnects after a failure with a growing pause, and signals after each (re)connect because notifications sent
 * meanwhile are lost.
 *
 * <p>Loaded only for PostgreSQL, so the driver stays optional for H2 users.
 */
final class PostgresListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);
    private static final int POLL_MILLIS = 250;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final String channel;
    private final String ownPayload;
    private final OutboxSignal signal;
    private final AtomicLong fromOthers = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread thread;

    PostgresListener(DataSource dataSource, String channel, String ownPayload, OutboxSignal signal) {
        this.dataSource = dataSource;
        this.channel = channel;
        this.ownPayload = ownPayload;
        this.signal = signal;
    }

    /** Starts listening, once. */
    void start() {
        if (running.compareAndSet(false, true)) {
            thread = Thread.ofPlatform().daemon().name("sagaflow-listen-" + channel).start(this::run);
        }
    }

    private void run() {
        long pauseMillis = 100;
        while (running.get()) {
            try (Connection connection = dataSource.getConnection()) {
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (!connection.getAutoCommit()) {
                    connection.setAutoCommit(true);
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN \"" + channel + "\"");
                }
                log.debug("listening on PostgreSQL channel '{}'", channel);
                signal.signal();
                pauseMillis = 100;
                while (running.get()) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && fromOthers(notifications) > 0) {
                        signal.signal();
                    }
                }
            } catch (SQLException e) {
                if (!running.get()) {
                    return;
                }
                log.warn("PostgreSQL LISTEN on '{}' failed; relays poll until it reconnects in {} ms: {}", channel,
                        pauseMillis, e.toString());
                if (!pause(pauseMillis)) {
                    return;
                }
                pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    private int fromOthers(PGNotification[] notifications) {
        int others = 0;
        for (PGNotification notification : notifications) {
            if (!ownPayload.equals(notification.getParameter())) {
                others++;
            }
        }
        fromOthers.addAndGet(others);
        return others;
    }

    /** @return notifications from other writers received so far */
    long fromOthers() {
        return fromOthers.get();
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            Thread t = thread;
            if (t != null) {
                try {
                    t.join(Duration.ofMillis(POLL_MILLIS * 4L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

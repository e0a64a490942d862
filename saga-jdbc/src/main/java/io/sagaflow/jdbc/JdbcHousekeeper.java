package io.sagaflow.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is no longer needed after a retention period: settled sagas (COMPLETED, COMPENSATED) and sent
 * messages of a {@link JdbcSagaStore}, and processed command records and sent replies of {@link JdbcParticipantInbox}es.
 * FAILED and running sagas are never deleted.
 *
 * <pre>{@code
 * JdbcHousekeeper housekeeper = JdbcHousekeeper.builder()
 *     .store(store).inbox(inbox).retention(Duration.ofDays(7)).interval(Duration.ofHours(1)).build();
 * housekeeper.start();
 * }</pre>
 *
 * <p>Thread-safe. A failed run is logged at WARN and tried again at the next interval. Several processes may run
 * housekeepers on one database; their deletes do not conflict.
 *
 * @since 0.1
 */
public final class JdbcHousekeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcHousekeeper.class);

    /** How long settled sagas, sent messages and command records are kept, by default. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** How often the housekeeper runs, by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

    private final List<JdbcSagaStore> stores;
    private final List<JdbcParticipantInbox> inboxes;
    private final Duration retention;
    private final Duration interval;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler;

    private JdbcHousekeeper(Builder builder) {
        this.stores = List.copyOf(builder.stores);
        this.inboxes = List.copyOf(builder.inboxes);
        this.retention = builder.retention;
        this.interval = builder.interval;
        this.clock = builder.clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sagaflow-housekeeper").factory());
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** What one run deleted. @param sagas settled sagas @param commandRecords processed command records */
    public record Result(int sagas, int commandRecords) {
    }

    /** Runs every {@code interval}, the first time after one interval. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::runSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("housekeeper started: retention {}, every {}", retention, interval);
    }

    /**
     * Deletes everything older than the retention, now, on the caller's thread.
     *
     * @return what was deleted
     * @throws io.sagaflow.SagaStoreException if the database failed; what was deleted before stays deleted
     */
    public Result runOnce() {
        Instant cutOff = clock.instant().minus(retention);
        int sagas = 0;
        for (JdbcSagaStore store : stores) {
            sagas += store.purge(cutOff);
        }
        int records = 0;
        for (JdbcParticipantInbox inbox : inboxes) {
            records += inbox.purge(cutOff);
        }
        if (sagas + records > 0) {
            log.info("housekeeper deleted {} settled sagas and {} command records older than {}", sagas, records,
                    cutOff);
        }
        return new Result(sagas, records);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("housekeeping failed, trying again in {}: {}", interval, e.toString());
        }
    }

    /** Stops the schedule; a run under way finishes. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link JdbcHousekeeper}. */
    public static final class Builder {
        private final List<JdbcSagaStore> stores = new ArrayList<>();
        private final List<JdbcParticipantInbox> inboxes = new ArrayList<>();
        private Duration retention = DEFAULT_RETENTION;
        private Duration interval = DEFAULT_INTERVAL;
        private InstantSource clock = InstantSource.system();

        private Builder() {
        }

        /** @param store a store to clean @return this builder */
        public Builder store(JdbcSagaStore store) {
            stores.add(Objects.requireNonNull(store, "store"));
            return this;
        }

        /** @param inbox an inbox to clean @return this builder */
        public Builder inbox(JdbcParticipantInbox inbox) {
            inboxes.add(Objects.requireNonNull(inbox, "inbox"));
            return this;
        }

        /** @param keep how long to keep; default {@link #DEFAULT_RETENTION} @return this builder */
        public Builder retention(Duration keep) {
            this.retention = requireNonNegative(keep, "retention");
            return this;
        }

        /** @param every how often to run; default {@link #DEFAULT_INTERVAL} @return this builder */
        public Builder interval(Duration every) {
            requireNonNegative(every, "interval");
            if (every.isZero()) {
                throw new IllegalArgumentException("interval must be positive, was " + every);
            }
            this.interval = every;
            return this;
        }

        /** @param instantSource the clock; default the system clock @return this builder */
        public Builder clock(InstantSource instantSource) {
            this.clock = Objects.requireNonNull(instantSource, "instantSource");
            return this;
        }

        /**
         * @return the housekeeper, not yet started
         * @throws IllegalArgumentException if it has nothing to clean
         */
        public JdbcHousekeeper build() {
            if (stores.isEmpty() && inboxes.isEmpty()) {
                throw new IllegalArgumentException("a housekeeper needs at least one store or inbox to clean");
            }
            return new JdbcHousekeeper(this);
        }

        private static Duration requireNonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }
    }
}

package io.sagaflow.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the JDBC saga store (module saga-jdbc), {@code sagaflow.jdbc.*}. The store is used when the
 * application has a {@code DataSource}.
 *
 * <p>A plain settings bean: bound once at startup.
 *
 * @since 0.1
 */
public class JdbcSettings {
    /** Default table name prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "sagaflow_";

    /** Default time settled sagas, sent messages and processed command records are kept. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** Default pause between housekeeping runs. */
    public static final Duration DEFAULT_HOUSEKEEPING_INTERVAL = Duration.ofHours(1);

    /** Whether to create Sagaflow's tables at startup if they are missing. Off when a migration tool owns them. */
    private boolean createSchema = true;

    /** Prefix of Sagaflow's table names (sagas, outbox, inbox). */
    private String tablePrefix = DEFAULT_TABLE_PREFIX;

    /** The schema holding Sagaflow's tables. Unset: the connection's current schema. */
    private @Nullable String schema;

    /**
     * How long settled sagas (COMPLETED, COMPENSATED), sent messages and processed command records are kept before
     * the housekeeper deletes them. Keep command records longer than any redelivery can take.
     */
    private Duration retention = DEFAULT_RETENTION;

    /** How often the housekeeper looks for records older than the retention. */
    private Duration housekeepingInterval = DEFAULT_HOUSEKEEPING_INTERVAL;

    /**
     * Whether saga writes of concurrent threads share transactions (group commit): while one commits, arriving writes
     * queue and the next transaction takes them all. Each caller still gets its own outcome.
     */
    private boolean groupCommit = true;

    /** The most saga writes in one group-committed transaction. */
    private int maxBatchSize = io.sagaflow.jdbc.JdbcSagaStore.DEFAULT_MAX_BATCH_SIZE;

    /**
     * Whether a transition's messages, once committed, are handed to this process's outbox relays in memory (their
     * rows leased to this process) instead of the relays claiming them from the outbox table in a transaction of
     * their own. Used with a broker that is not in-process (RabbitMQ).
     */
    private boolean handOverOnCommit = true;

    /**
     * How long a row handed over on commit stays this process's before relays of any process may claim it from the
     * table: how long the messages of a process that died right after its commit wait.
     */
    private Duration handOverLease = io.sagaflow.jdbc.JdbcSagaStore.DEFAULT_HAND_OVER_LEASE;

    /** @return whether tables are created at startup */
    public boolean isCreateSchema() {
        return createSchema;
    }

    /** @param createSchema whether tables are created at startup */
    public void setCreateSchema(boolean createSchema) {
        this.createSchema = createSchema;
    }

    /** @return the table prefix */
    public String getTablePrefix() {
        return tablePrefix;
    }

    /** @param tablePrefix the table prefix */
    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    /** @return the schema, or null for the connection's */
    public @Nullable String getSchema() {
        return schema;
    }

    /** @param schema the schema */
    public void setSchema(@Nullable String schema) {
        this.schema = schema;
    }

    /** @return how long settled records are kept */
    public Duration getRetention() {
        return retention;
    }

    /** @param retention how long settled records are kept */
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /** @return the pause between housekeeping runs */
    public Duration getHousekeepingInterval() {
        return housekeepingInterval;
    }

    /** @param housekeepingInterval the pause between housekeeping runs */
    public void setHousekeepingInterval(Duration housekeepingInterval) {
        this.housekeepingInterval = housekeepingInterval;
    }

    /** @return whether saga writes are group-committed */
    public boolean isGroupCommit() {
        return groupCommit;
    }

    /** @param groupCommit whether saga writes are group-committed */
    public void setGroupCommit(boolean groupCommit) {
        this.groupCommit = groupCommit;
    }

    /** @return the most saga writes in one group-committed transaction */
    public int getMaxBatchSize() {
        return maxBatchSize;
    }

    /** @param maxBatchSize the most saga writes in one group-committed transaction */
    public void setMaxBatchSize(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    /** @return whether committed messages are handed to the relays in memory */
    public boolean isHandOverOnCommit() {
        return handOverOnCommit;
    }

    /** @param handOverOnCommit whether committed messages are handed to the relays in memory */
    public void setHandOverOnCommit(boolean handOverOnCommit) {
        this.handOverOnCommit = handOverOnCommit;
    }

    /** @return how long a row handed over on commit stays this process's */
    public Duration getHandOverLease() {
        return handOverLease;
    }

    /** @param handOverLease how long a row handed over on commit stays this process's */
    public void setHandOverLease(Duration handOverLease) {
        this.handOverLease = handOverLease;
    }
}

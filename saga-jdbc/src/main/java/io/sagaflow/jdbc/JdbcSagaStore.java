package io.sagaflow.jdbc;

import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.SagaStoreException;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageOutbox;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SagaStore} on PostgreSQL or H2 with plain JDBC: one row per saga under an optimistic version, and the
 * messages of each transition written to the outbox table in the same transaction. Several engines, in one process
 * or many, may share the tables.
 *
 * <pre>{@code
 * JdbcSagaStore store = JdbcSagaStore.builder(dataSource).createSchema(true).build();
 * SagaEngine engine = SagaEngine.builder().store(store).broker(broker).register(placeOrder).build();
 * }</pre>
 *
 * <p>Writes of concurrent callers are group-committed by default: while one transaction commits, the writes arriving
 * queue, and the next transaction writes them all with JDBC batches, each under its own optimistic version, so one
 * commit (one WAL flush) serves many sagas. See {@link Builder#groupCommit(boolean)}.
 *
 * <p>Thread-safe. Every method reports database failures as {@link SagaStoreException}, after which nothing was
 * written. {@link #close()} stops the PostgreSQL listener and, for {@link #embedded}, the connection pool; it does
 * not close a data source it was given.
 *
 * @since 0.1
 */
public final class JdbcSagaStore implements SagaStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcSagaStore.class);

    /** The default table prefix. */
    public static final String DEFAULT_TABLE_PREFIX = TableNames.DEFAULT_PREFIX;
    /** The default largest number of saga writes committed in one transaction by group commit. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 64;
    /** The default time a row handed over on commit stays the writing process's. */
    public static final Duration DEFAULT_HAND_OVER_LEASE = Duration.ofSeconds(10);

    private final TransactionRunner transactions;
    private final JdbcDialect dialect;
    private final TableNames tables;
    private final JdbcOutbox outbox;
    private final @Nullable AutoCloseable ownedDataSource;
    private final SagaBatchWriter batchWriter;
    private final @Nullable GroupCommit groupCommit;
    private final String selectSql;

    private JdbcSagaStore(Builder builder, JdbcDialect dialect, @Nullable AutoCloseable ownedDataSource) {
        this.transactions = TransactionRunner.of(builder.dataSource);
        this.dialect = dialect;
        this.tables = new TableNames(builder.schema, builder.tablePrefix);
        this.ownedDataSource = ownedDataSource;
        if (builder.createSchema) {
            SchemaMigrator.migrate(transactions, dialect, tables);
        }
        this.outbox = new JdbcOutbox(builder.dataSource, dialect, tables, builder.listen, builder.handOver);
        this.batchWriter = new SagaBatchWriter(transactions, outbox, tables, dialect, builder.handOverLease);
        this.groupCommit = builder.groupCommit ? new GroupCommit(builder.maxBatchSize, batchWriter) : null;
        this.selectSql = "SELECT " + SagaRows.COLUMNS + " FROM " + tables.saga();
        log.info("JDBC saga store on {} tables {}, group commit {}", dialect, tables,
                groupCommit != null ? "up to " + builder.maxBatchSize + " writes a transaction" : "off");
    }

    /**
     * @param dataSource the database, ideally pooled (HikariCP)
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * The durable default when nothing else is set up: an H2 database in files under {@code directory}, in
     * PostgreSQL compatibility mode, with its tables created. Needs {@code com.h2database:h2} on the class path.
     *
     * @param directory where the database files go, e.g. {@code Path.of("data")}
     * @return the store; closing it closes the database's connection pool
     */
    public static JdbcSagaStore embedded(java.nio.file.Path directory) {
        EmbeddedH2.Database database = EmbeddedH2.open(directory);
        Builder builder = new Builder(database.dataSource()).dialect(JdbcDialect.H2).createSchema(true);
        return new JdbcSagaStore(builder, JdbcDialect.H2, database.closer());
    }

    /** @return the database dialect in use */
    public JdbcDialect dialect() {
        return dialect;
    }

    @Override
    public SagaRecord create(SagaRecord saga, List<Envelope> messages) {
        if (saga.version() != 0) {
            throw new IllegalArgumentException("saga " + saga.id() + ": a new saga is at version 0, not "
                    + saga.version());
        }
        return write(SagaWrite.create(saga, messages));
    }

    @Override
    public void update(SagaRecord saga, long expectedVersion, List<Envelope> messages) {
        if (saga.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("saga " + saga.id() + ": new version " + saga.version()
                    + " must be " + (expectedVersion + 1));
        }
        write(SagaWrite.update(saga, expectedVersion, messages));
    }

    private SagaRecord write(SagaWrite write) {
        if (groupCommit != null) {
            groupCommit.write(write);
        } else {
            batchWriter.accept(List.of(write));
        }
        return write.outcome();
    }

    /** @return the group commit in use, or null if writes commit one by one, for tests */
    @Nullable GroupCommit groupCommit() {
        return groupCommit;
    }

    @Override
    public Optional<SagaRecord> find(SagaId id) {
        List<SagaRecord> found = select("cannot read saga " + id, " WHERE id = ?", ps -> ps.setString(1, id.value()));
        return found.stream().findFirst();
    }

    @Override
    public Optional<SagaRecord> findByBusinessKey(String sagaType, String businessKey) {
        List<SagaRecord> found = select("cannot read saga " + sagaType + " with business key '" + businessKey + "'",
                " WHERE saga_type = ? AND business_key = ?", ps -> {
                    ps.setString(1, sagaType);
                    ps.setString(2, businessKey);
                });
        return found.stream().findFirst();
    }

    @Override
    public List<SagaRecord> findDue(Instant now, int limit) {
        return select("cannot read due sagas", " WHERE wake_at IS NOT NULL AND wake_at <= ? ORDER BY wake_at, id"
                + " FETCH FIRST " + positive(limit) + " ROWS ONLY", ps -> ps.setLong(1, Sql.nanos(now)));
    }

    @Override
    public List<SagaRecord> query(SagaQuery query) {
        List<Object> params = new ArrayList<>();
        String condition = SagaRows.queryCondition(query, params);
        return select("cannot query sagas " + query, condition, ps -> {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
        });
    }

    @Override
    public Map<SagaStatus, Long> countByStatus() {
        return Sql.inTransaction(transactions, "cannot count sagas by status", c -> {
            Map<SagaStatus, Long> counts = new EnumMap<>(SagaStatus.class);
            for (SagaStatus status : SagaStatus.values()) {
                counts.put(status, 0L);
            }
            try (Statement statement = c.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT status, COUNT(*) FROM " + tables.saga()
                         + " GROUP BY status")) {
                while (rs.next()) {
                    counts.put(SagaStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public MessageOutbox outbox() {
        return outbox;
    }

    /**
     * Deletes COMPLETED and COMPENSATED sagas last updated before the cut-off, and outbox rows sent before it.
     * FAILED sagas are kept: they wait for a person.
     */
    @Override
    public int purge(Instant olderThan) {
        int sagas = Purge.inBatches(transactions, "settled sagas in " + tables.saga(),
                "DELETE FROM " + tables.saga() + " WHERE id IN (SELECT id FROM " + tables.saga()
                        + " WHERE status IN ('COMPLETED', 'COMPENSATED') AND updated_at < ? FETCH FIRST "
                        + Purge.BATCH + " ROWS ONLY)",
                ps -> ps.setLong(1, Sql.nanos(olderThan)));
        int messages = outbox.purgeSent(olderThan);
        log.debug("purged {} settled sagas and {} sent messages older than {}", sagas, messages, olderThan);
        return sagas;
    }

    /** Stops the PostgreSQL listener, and closes the connection pool of an {@link #embedded} store. */
    @Override
    public void close() {
        outbox.close();
        if (ownedDataSource != null) {
            try {
                ownedDataSource.close();
            } catch (Exception e) {
                throw new SagaStoreException("cannot close the embedded database's connection pool", e);
            }
        }
    }

    private List<SagaRecord> select(String what, String condition, Purge.Binder binder) {
        return Sql.inTransaction(transactions, what, c -> {
            List<SagaRecord> records = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(selectSql + condition)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.add(SagaRows.read(rs));
                    }
                }
            }
            return records;
        });
    }

    private static int positive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return limit;
    }

    /** Configures a {@link JdbcSagaStore}; only the data source is required. */
    public static final class Builder {
        private final DataSource dataSource;
        private @Nullable JdbcDialect dialect;
        private @Nullable String schema;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private boolean createSchema;
        private boolean listen = true;
        private InstantSource clock = InstantSource.system();
        private boolean groupCommit = true;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private boolean handOver = true;
        private Duration handOverLease = DEFAULT_HAND_OVER_LEASE;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** @param databaseDialect the database; default detected from the connection @return this builder */
        public Builder dialect(JdbcDialect databaseDialect) {
            this.dialect = Objects.requireNonNull(databaseDialect, "databaseDialect");
            return this;
        }

        /**
         * @param schemaName the schema holding the tables, a plain identifier; default the connection's
         * @return this builder
         */
        public Builder schema(String schemaName) {
            this.schema = Objects.requireNonNull(schemaName, "schemaName");
            return this;
        }

        /** @param prefix begins every table name; default {@value #DEFAULT_TABLE_PREFIX} @return this builder */
        public Builder tablePrefix(String prefix) {
            this.tablePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /**
         * @param create whether {@link #build()} creates or upgrades the tables from the scripts in this jar; default
         *     false, for applications that run them with Flyway or Liquibase
         * @return this builder
         */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /**
         * @param enabled whether relays hold a connection that LISTENs for other processes' commits (PostgreSQL);
         *     default true. Without it, a relay sees other processes' messages when its wait times out.
         * @return this builder
         */
        public Builder listen(boolean enabled) {
            this.listen = enabled;
            return this;
        }

        /**
         * @param enabled whether saga writes of concurrent callers (engine consumer threads) share transactions:
         *     while one commit is in flight, arriving writes queue and the next transaction takes them all, up to
         *     {@link #maxBatchSize}. Each caller still returns only once its own write committed, with its own
         *     outcome (a stale version or a taken business key affects only that saga). Default true; with false
         *     every write is a transaction of its own.
         * @return this builder
         */
        public Builder groupCommit(boolean enabled) {
            this.groupCommit = enabled;
            return this;
        }

        /**
         * @param writes the most saga writes in one group-committed transaction; default
         *     {@value #DEFAULT_MAX_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxBatchSize(int writes) {
            if (writes < 1) {
                throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + writes);
            }
            this.maxBatchSize = writes;
            return this;
        }

        /**
         * @param enabled whether a transition's messages, once committed, are handed to the relays of this process in
         *     memory when the engine asks (it does on start, with a broker that is not in-process), instead of the
         *     relays claiming them from the outbox table in a transaction of their own; the published rows are then
         *     deleted by later transactions, many at once. The rows are written leased to this process for
         *     {@link #handOverLease}: relays of any process claim them from the table only if this process died
         *     before it deleted them, or at once if its publish failed; a saga's messages are still published in the
         *     order they were written. Default true; with false every message is claimed from the table.
         * @return this builder
         */
        public Builder handOverOnCommit(boolean enabled) {
            this.handOver = enabled;
            return this;
        }

        /**
         * @param lease how long a row handed over on commit stays this process's before relays may claim it from the
         *     table: how long the messages of a process that died right after its commit wait; default 10 seconds.
         *     Keep it longer than a publish may take, or some messages are sent twice (consumers drop duplicates).
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder handOverLease(Duration lease) {
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("handOverLease must be positive, was " + lease);
            }
            this.handOverLease = lease;
            return this;
        }

        /** @param instantSource stamps sent messages; default the system clock @return this builder */
        public Builder clock(InstantSource instantSource) {
            this.clock = Objects.requireNonNull(instantSource, "instantSource");
            return this;
        }

        /**
         * @return the store, its tables created or upgraded first if asked
         * @throws IllegalArgumentException if the schema or prefix is not a plain identifier
         * @throws SagaStoreException if the database cannot be reached or the schema scripts fail
         */
        public JdbcSagaStore build() {
            new TableNames(schema, tablePrefix);
            JdbcDialect resolved = dialect != null ? dialect : JdbcDialect.detect(dataSource);
            return new JdbcSagaStore(this, resolved, null);
        }
    }
}

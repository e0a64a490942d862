package io.sagaflow.jdbc;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandHandler;
import io.sagaflow.SagaException;
import io.sagaflow.SagaStoreException;
import io.sagaflow.spi.CommandWork;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageOutbox;
import io.sagaflow.spi.ParticipantInbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ParticipantInbox} in the participant's own database: in one transaction it inserts the command's message
 * id (a unique key), runs the business change, and writes the reply to the participant's outbox table, from which
 * an {@link io.sagaflow.spi.support.OutboxRelay} over {@link #outbox()} sends it. A redelivered command finds its
 * id, does not run again, and sends the recorded reply once more. A concurrent duplicate waits on the first one's
 * row lock and then does the same.
 *
 * <p>Handlers join the transaction through {@link #handler(JdbcCommandHandler)} or {@link #connection(CommandContext)};
 * a framework can run it under its own transaction manager through {@link Builder#transactions(TransactionRunner)}.
 *
 * <p>Thread-safe. Database failures surface as {@link SagaStoreException}; the command is then processed again.
 *
 * @since 0.1
 */
public final class JdbcParticipantInbox implements ParticipantInbox, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcParticipantInbox.class);

    private final TransactionRunner transactions;
    private final JdbcDialect dialect;
    private final TableNames tables;
    private final InstantSource clock;
    private final JdbcOutbox outbox;
    private final Map<String, Connection> active = new ConcurrentHashMap<>();

    private JdbcParticipantInbox(Builder builder, JdbcDialect dialect) {
        this.dialect = dialect;
        this.tables = new TableNames(builder.schema, builder.tablePrefix);
        this.clock = builder.clock;
        this.transactions = builder.transactions != null ? builder.transactions
                : TransactionRunner.of(builder.dataSource);
        if (builder.createSchema) {
            SchemaMigrator.migrate(TransactionRunner.of(builder.dataSource), dialect, tables);
        }
        this.outbox = new JdbcOutbox(builder.dataSource, dialect, tables, builder.listen, false);
    }

    /**
     * @param dataSource the participant's database
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public void process(Envelope command, CommandWork work) throws Exception {
        String messageId = command.messageId();
        Envelope reply = transactions.inTransaction(c -> {
            Envelope recorded = claim(c, messageId);
            if (recorded != null) {
                log.debug("{} was processed before; sending its recorded reply {} again", command,
                        recorded.messageId());
                outbox.insert(c, List.of(recorded));
                return recorded;
            }
            Envelope produced;
            active.put(messageId, c);
            try {
                produced = work.execute(command);
            } finally {
                active.remove(messageId, c);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + tables.inbox()
                    + " SET reply = ? WHERE message_id = ?")) {
                ps.setString(1, JsonColumns.envelope(produced));
                ps.setString(2, messageId);
                ps.executeUpdate();
            }
            outbox.insert(c, List.of(produced));
            return produced;
        });
        outbox.written();
        log.debug("{} processed; reply {} in the outbox", command, reply.messageId());
    }

    /**
     * Inserts the message id, or finds it taken.
     *
     * @return null if this transaction now owns the message id; the recorded reply if it was processed before
     */
    private @Nullable Envelope claim(Connection c, String messageId) throws SQLException {
        long now = Sql.nanos(clock.instant());
        if (dialect == JdbcDialect.POSTGRESQL) {
            // ON CONFLICT waits for a concurrent first delivery to commit, and keeps this transaction usable.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.inbox()
                    + " (message_id, received_at) VALUES (?, ?) ON CONFLICT (message_id) DO NOTHING")) {
                ps.setString(1, messageId);
                ps.setLong(2, now);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + tables.inbox()
                    + " (message_id, received_at) VALUES (?, ?)")) {
                ps.setString(1, messageId);
                ps.setLong(2, now);
                ps.executeUpdate();
                return null;
            } catch (SQLException e) {
                // H2 rolls back only the failed statement, so the transaction goes on.
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT reply FROM " + tables.inbox()
                + " WHERE message_id = ?")) {
            ps.setString(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                String reply = rs.next() ? rs.getString(1) : null;
                if (reply == null) {
                    throw new SagaException("inbox " + tables.inbox() + ": message " + messageId
                            + " is recorded without a reply");
                }
                return JsonColumns.envelope(reply);
            }
        }
    }

    /**
     * The connection of the transaction processing a command, for handler code that makes its business change in
     * that transaction.
     *
     * @param context the context the handler was given
     * @return the connection; do not commit, roll back or close it
     * @throws SagaException if this inbox is not processing that command on a transaction of its own (for example
     *     under a {@link TransactionRunner} that binds connections elsewhere)
     */
    public Connection connection(CommandContext context) {
        Connection connection = active.get(context.messageId());
        if (connection == null) {
            throw new SagaException("inbox " + tables.inbox() + " is not processing message " + context.messageId()
                    + " of saga " + context.sagaId() + " step '" + context.step() + "'");
        }
        return connection;
    }

    /**
     * Adapts a handler that takes the inbox transaction's connection.
     *
     * @param handler the handler
     * @param <C> the command type
     * @return a command handler for {@link io.sagaflow.Participant.Builder#onCommand}
     */
    public <C> CommandHandler<C> handler(JdbcCommandHandler<C> handler) {
        Objects.requireNonNull(handler, "handler");
        return (command, context) -> handler.handle(command, context, connection(context));
    }

    /** @return the participant's outbox of replies; relay it with an {@link io.sagaflow.spi.support.OutboxRelay} */
    public MessageOutbox outbox() {
        return outbox;
    }

    /**
     * Deletes the records of commands received before the cut-off, and replies sent before it. A command
     * redelivered after its record is gone would run again: keep records longer than any redelivery can take.
     *
     * @param olderThan the cut-off
     * @return how many command records were deleted
     */
    public int purge(Instant olderThan) {
        TransactionRunner plain = outbox.transactions();
        int records = Purge.inBatches(plain, "processed message ids in " + tables.inbox(),
                "DELETE FROM " + tables.inbox() + " WHERE message_id IN (SELECT message_id FROM " + tables.inbox()
                        + " WHERE received_at < ? FETCH FIRST " + Purge.BATCH + " ROWS ONLY)",
                ps -> ps.setLong(1, Sql.nanos(olderThan)));
        outbox.purgeSent(olderThan);
        return records;
    }

    /** Stops the PostgreSQL listener of the outbox. */
    @Override
    public void close() {
        outbox.close();
    }

    /** Configures a {@link JdbcParticipantInbox}; only the data source is required. */
    public static final class Builder {
        private final DataSource dataSource;
        private @Nullable TransactionRunner transactions;
        private @Nullable JdbcDialect dialect;
        private @Nullable String schema;
        private String tablePrefix = JdbcSagaStore.DEFAULT_TABLE_PREFIX;
        private boolean createSchema;
        private boolean listen = true;
        private InstantSource clock = InstantSource.system();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * @param runner runs each command's transaction; it must use this builder's data source. Default: plain JDBC
         *     transactions on the data source
         * @return this builder
         */
        public Builder transactions(TransactionRunner runner) {
            this.transactions = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /** @param databaseDialect the database; default detected from the connection @return this builder */
        public Builder dialect(JdbcDialect databaseDialect) {
            this.dialect = Objects.requireNonNull(databaseDialect, "databaseDialect");
            return this;
        }

        /** @param schemaName the schema holding the tables; default the connection's @return this builder */
        public Builder schema(String schemaName) {
            this.schema = Objects.requireNonNull(schemaName, "schemaName");
            return this;
        }

        /** @param prefix begins every table name; default {@code sagaflow_} @return this builder */
        public Builder tablePrefix(String prefix) {
            this.tablePrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** @param create whether to create or upgrade the tables; default false @return this builder */
        public Builder createSchema(boolean create) {
            this.createSchema = create;
            return this;
        }

        /** @param enabled whether the relay LISTENs for commits (PostgreSQL); default true @return this builder */
        public Builder listen(boolean enabled) {
            this.listen = enabled;
            return this;
        }

        /** @param instantSource stamps records; default the system clock @return this builder */
        public Builder clock(InstantSource instantSource) {
            this.clock = Objects.requireNonNull(instantSource, "instantSource");
            return this;
        }

        /**
         * @return the inbox
         * @throws IllegalArgumentException if the schema or prefix is not a plain identifier
         * @throws SagaStoreException if the database cannot be reached or the schema scripts fail
         */
        public JdbcParticipantInbox build() {
            new TableNames(schema, tablePrefix);
            return new JdbcParticipantInbox(this, dialect != null ? dialect : JdbcDialect.detect(dataSource));
        }
    }
}

package io.sagaflow.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plain JDBC transactions: a connection from the pool, auto-commit off, commit or roll back, return it. */
final class DataSourceTransactionRunner implements TransactionRunner {
    private static final Logger log = LoggerFactory.getLogger(DataSourceTransactionRunner.class);

    private final DataSource dataSource;

    DataSourceTransactionRunner(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public <T> T inTransaction(TransactionCallback<T> work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            if (autoCommit) {
                connection.setAutoCommit(false);
            }
            try {
                T result = work.doInTransaction(connection);
                connection.commit();
                return result;
            } catch (Exception | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                if (autoCommit) {
                    restoreAutoCommit(connection);
                }
            }
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            // The pool resets or evicts the connection; the transaction's outcome is already decided.
            log.warn("could not restore auto-commit on a pooled connection: {}", e.toString());
        }
    }
}

package io.sagaflow.jdbc;

import javax.sql.DataSource;

/**
 * Runs work in one database transaction: commits when the work returns, rolls back when it throws. The participant
 * inbox runs the inbox insert, the business change and the reply through it, so a framework can put its own
 * transaction management underneath (a Spring starter passes a runner over Spring's transaction manager, and
 * business code using Spring's JDBC helpers then joins the same transaction).
 *
 * <p>Implementations are thread-safe; each call is its own transaction on the calling thread.
 *
 * @since 0.1
 */
public interface TransactionRunner {
    /**
     * @param dataSource the database
     * @return a runner taking one connection per transaction from the data source, with auto-commit off
     */
    static TransactionRunner of(DataSource dataSource) {
        return new DataSourceTransactionRunner(dataSource);
    }

    /**
     * Runs the work in a transaction.
     *
     * @param work the work
     * @param <T> its result type
     * @return what the work returned, after the commit
     * @throws Exception what the work threw (after the rollback), or the {@link java.sql.SQLException} of a failed
     *     commit, in which case the outcome is unknown to the caller
     */
    <T> T inTransaction(TransactionCallback<T> work) throws Exception;
}

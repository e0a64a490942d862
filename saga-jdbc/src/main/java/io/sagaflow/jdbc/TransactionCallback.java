package io.sagaflow.jdbc;

import java.sql.Connection;

/**
 * Work done inside a transaction on the connection the {@link TransactionRunner} hands over.
 *
 * @param <T> what the work returns
 * @since 0.1
 */
@FunctionalInterface
public interface TransactionCallback<T> {
    /**
     * @param connection the transaction's connection; do not commit, roll back or close it
     * @return the result
     * @throws Exception to roll the transaction back
     */
    T doInTransaction(Connection connection) throws Exception;
}

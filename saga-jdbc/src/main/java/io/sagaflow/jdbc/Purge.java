package io.sagaflow.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Deletes in batches of {@value #BATCH} rows, one transaction each, so a purge never holds many locks for long. */
final class Purge {
    static final int BATCH = 1_000;

    private Purge() {
    }

    /** Binds a delete statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /**
     * @param transactions the database
     * @param what what is deleted, for error messages
     * @param deleteBatch a DELETE that removes at most {@link #BATCH} rows
     * @param binder binds its parameters
     * @return how many rows were deleted in all
     */
    static int inBatches(TransactionRunner transactions, String what, String deleteBatch, Binder binder) {
        int total = 0;
        int deleted;
        do {
            deleted = Sql.inTransaction(transactions, "cannot purge " + what, c -> {
                try (PreparedStatement ps = c.prepareStatement(deleteBatch)) {
                    binder.bind(ps);
                    return ps.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted >= BATCH);
        return total;
    }
}

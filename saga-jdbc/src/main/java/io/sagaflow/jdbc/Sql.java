package io.sagaflow.jdbc;

import io.sagaflow.SagaStoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Small JDBC helpers: instants as epoch nanoseconds, nullable parameters, and failures as store exceptions. */
final class Sql {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    static SagaStoreException failure(String what, SQLException e) {
        return new SagaStoreException(what + ": " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }

    /**
     * Runs store work in a transaction and reports every checked failure as a {@link SagaStoreException}.
     *
     * @param what names the operation and the saga, for the exception's message
     */
    static <T> T inTransaction(TransactionRunner transactions, String what, TransactionCallback<T> work) {
        try {
            return transactions.inTransaction(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (SQLException e) {
            throw failure(what, e);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new SagaStoreException(what + ": " + e, e);
        }
    }

    /** @return whether the exception, or one chained to it, is a unique-key violation (SQLState 23505) */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }

    static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : instant(value);
    }

    static void setNullableInstant(PreparedStatement ps, int index, @Nullable Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, nanos(value));
        }
    }

    static void setNullableString(PreparedStatement ps, int index, @Nullable String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** @return {@code n} question marks separated by commas */
    static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    /**
     * A condition that {@code column} is one of {@code n} values: one array parameter on PostgreSQL, so that the
     * statement's text, and its plan, is the same whatever {@code n} (a list of {@code n} parameters made every size
     * a statement of its own, planned again); a list of parameters on H2. Bind with {@link #bindOneOf}.
     */
    static String oneOf(JdbcDialect dialect, String column, int n) {
        return dialect == JdbcDialect.POSTGRESQL ? column + " = ANY(?)" : column + " IN (" + placeholders(n) + ")";
    }

    /**
     * Binds the values of a {@link #oneOf} condition from parameter {@code index} on.
     *
     * @param sqlType the values' type name for PostgreSQL's array, e.g. {@code "bigint"} or {@code "varchar"}
     * @return the index of the next parameter
     */
    static int bindOneOf(PreparedStatement ps, int index, JdbcDialect dialect, String sqlType,
                         java.util.Collection<?> values) throws SQLException {
        if (dialect == JdbcDialect.POSTGRESQL) {
            ps.setArray(index, ps.getConnection().createArrayOf(sqlType, values.toArray()));
            return index + 1;
        }
        int i = index;
        for (Object value : values) {
            ps.setObject(i++, value);
        }
        return i;
    }
}

package io.sagaflow.jdbc;

import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Maps {@link SagaRecord} to the saga table's columns and back, field for field. */
final class SagaRows {
    /** Every column, in the order {@link #read} expects and {@link #bindAll} writes. */
    static final String COLUMNS = "id, saga_type, business_key, status, version, data, step_index, direction, phase, "
            + "attempt, awaiting_message_id, wake_at, compensations, failure_reason, history, created_at, updated_at";

    private SagaRows() {
    }

    static String insertSql(TableNames tables) {
        return "INSERT INTO " + tables.saga() + " (" + COLUMNS + ") VALUES (" + Sql.placeholders(17) + ")";
    }

    /** Sets every column but id, saga_type, business_key and created_at, then {@code WHERE id = ? AND version = ?}. */
    static String updateSql(TableNames tables) {
        return "UPDATE " + tables.saga() + " SET status = ?, version = ?, data = ?, step_index = ?, direction = ?, "
                + "phase = ?, attempt = ?, awaiting_message_id = ?, wake_at = ?, compensations = ?, "
                + "failure_reason = ?, history = ?, updated_at = ? WHERE id = ? AND version = ?";
    }

    static void bindAll(PreparedStatement ps, SagaRecord r) throws SQLException {
        ps.setString(1, r.id().value());
        ps.setString(2, r.sagaType());
        Sql.setNullableString(ps, 3, r.businessKey());
        bindState(ps, 4, r);
        ps.setLong(16, Sql.nanos(r.createdAt()));
        ps.setLong(17, Sql.nanos(r.updatedAt()));
    }

    static void bindUpdate(PreparedStatement ps, SagaRecord r, long expectedVersion) throws SQLException {
        bindState(ps, 1, r);
        ps.setLong(13, Sql.nanos(r.updatedAt()));
        ps.setString(14, r.id().value());
        ps.setLong(15, expectedVersion);
    }

    /** Binds status through history: twelve parameters from {@code first}. */
    private static void bindState(PreparedStatement ps, int first, SagaRecord r) throws SQLException {
        int i = first;
        ps.setString(i++, r.status().name());
        ps.setLong(i++, r.version());
        ps.setBytes(i++, r.data());
        ps.setInt(i++, r.stepIndex());
        ps.setString(i++, r.direction().name());
        ps.setString(i++, r.phase().name());
        ps.setInt(i++, r.attempt());
        Sql.setNullableString(ps, i++, r.awaitingMessageId());
        Sql.setNullableInstant(ps, i++, r.wakeAt());
        ps.setString(i++, JsonColumns.integers(r.compensations()));
        Sql.setNullableString(ps, i++, r.failureReason());
        ps.setString(i, JsonColumns.history(r.history()));
    }

    /**
     * Builds the WHERE, ORDER BY and paging of a query, newest first.
     *
     * @param params receives the values of the placeholders, in order
     */
    static String queryCondition(SagaQuery query, List<Object> params) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (query.sagaType() != null) {
            where.append(" AND saga_type = ?");
            params.add(query.sagaType());
        }
        if (query.status() != null) {
            where.append(" AND status = ?");
            params.add(query.status().name());
        }
        if (query.businessKey() != null) {
            where.append(" AND business_key = ?");
            params.add(query.businessKey());
        }
        if (query.createdAfter() != null) {
            where.append(" AND created_at >= ?");
            params.add(Sql.nanos(query.createdAfter()));
        }
        if (query.createdBefore() != null) {
            where.append(" AND created_at < ?");
            params.add(Sql.nanos(query.createdBefore()));
        }
        return where.append(" ORDER BY created_at DESC, id DESC OFFSET ").append(query.offset())
                .append(" ROWS FETCH FIRST ").append(query.limit()).append(" ROWS ONLY").toString();
    }

    static SagaRecord read(ResultSet rs) throws SQLException {
        return new SagaRecord(
                new SagaId(rs.getString("id")),
                rs.getString("saga_type"),
                rs.getString("business_key"),
                SagaStatus.valueOf(rs.getString("status")),
                rs.getLong("version"),
                rs.getBytes("data"),
                rs.getInt("step_index"),
                Direction.valueOf(rs.getString("direction")),
                StepPhase.valueOf(rs.getString("phase")),
                rs.getInt("attempt"),
                rs.getString("awaiting_message_id"),
                Sql.nullableInstant(rs, "wake_at"),
                JsonColumns.integers(rs.getString("compensations")),
                rs.getString("failure_reason"),
                JsonColumns.history(rs.getString("history")),
                Sql.instant(rs.getLong("created_at")),
                Sql.instant(rs.getLong("updated_at")));
    }
}

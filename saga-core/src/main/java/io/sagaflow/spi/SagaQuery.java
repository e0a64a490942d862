package io.sagaflow.spi;

import io.sagaflow.SagaStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A filter and page over stored sagas, newest first, for operators and dashboards.
 *
 * @param sagaType only this type, or null for all
 * @param status only this status, or null for all
 * @param businessKey only this business key, or null
 * @param createdAfter only sagas created at or after this instant, or null
 * @param createdBefore only sagas created before this instant, or null
 * @param offset how many matching sagas to skip
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 * @since 0.1
 */
public record SagaQuery(
        @Nullable String sagaType,
        @Nullable SagaStatus status,
        @Nullable String businessKey,
        @Nullable Instant createdAfter,
        @Nullable Instant createdBefore,
        int offset,
        int limit) {

    /** Largest page a store returns. */
    public static final int MAX_LIMIT = 1_000;

    /**
     * @throws IllegalArgumentException if the offset is negative or the limit outside 1 to {@link #MAX_LIMIT}
     */
    public SagaQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** @param limit page size @return every saga, newest first */
    public static SagaQuery all(int limit) {
        return new SagaQuery(null, null, null, null, null, 0, limit);
    }

    /** @param status the status @param limit page size @return sagas with that status */
    public static SagaQuery withStatus(SagaStatus status, int limit) {
        return new SagaQuery(null, status, null, null, null, 0, limit);
    }

    /** @param record a stored saga @return whether it passes this query's filters (paging aside) */
    public boolean matches(SagaRecord record) {
        return (sagaType == null || sagaType.equals(record.sagaType()))
                && (status == null || status == record.status())
                && (businessKey == null || businessKey.equals(record.businessKey()))
                && (createdAfter == null || !record.createdAt().isBefore(createdAfter))
                && (createdBefore == null || record.createdAt().isBefore(createdBefore));
    }
}

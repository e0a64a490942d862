package io.sagaflow.spring;

import io.sagaflow.HistoryEntry;
import io.sagaflow.IllegalSagaStateException;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.UnknownSagaException;
import io.sagaflow.spi.SagaQuery;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code sagas} actuator endpoint: {@code GET /actuator/sagas?type=&status=&limit=&offset=} lists sagas newest
 * first, {@code GET /actuator/sagas/{id}} shows one with its history, and
 * {@code POST /actuator/sagas/{id}/retry} or {@code POST /actuator/sagas/{id}/abort} (body {@code {"reason": ".."}})
 * act on a FAILED one. The mutating operations are refused unless {@code sagaflow.actuator.mutations-enabled=true};
 * saga data is shown only with {@code sagaflow.actuator.show-data=true}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
@Endpoint(id = "sagas")
public final class SagasEndpoint {
    /** Page size when none is asked for. */
    public static final int DEFAULT_LIMIT = 50;
    private static final Logger log = LoggerFactory.getLogger(SagasEndpoint.class);

    private final SagaEngine engine;
    private final ActuatorSettings settings;

    /**
     * @param engine the engine whose store is read and whose sagas are retried or aborted
     * @param settings what the endpoint may show and do
     */
    public SagasEndpoint(SagaEngine engine, ActuatorSettings settings) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param type only sagas of this type
     * @param status only sagas in this status (RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED)
     * @param limit page size, default {@value #DEFAULT_LIMIT}, at most {@link SagaQuery#MAX_LIMIT}
     * @param offset how many to skip
     * @return the page
     */
    @ReadOperation
    public SagaPage sagas(@Nullable String type, @Nullable String status, @Nullable Integer limit,
                          @Nullable Integer offset) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        int skip = offset == null ? 0 : offset;
        if (size < 1 || size > SagaQuery.MAX_LIMIT || skip < 0) {
            throw new InvalidEndpointRequestException("limit must be 1 to " + SagaQuery.MAX_LIMIT
                    + " and offset >= 0, were " + size + " and " + skip, "bad paging");
        }
        List<SagaSummary> sagas = engine.query(new SagaQuery(type, status(status), null, null, null, skip, size))
                .stream().map(SagaSummary::of).toList();
        return new SagaPage(sagas, skip, size);
    }

    /**
     * @param id the saga's id
     * @return the saga with its history, or null (404) if there is none
     */
    @ReadOperation
    public @Nullable SagaDetail saga(@Selector String id) {
        return engine.find(sagaId(id)).map(this::detail).orElse(null);
    }

    /**
     * @param id the saga's id
     * @param action {@code retry} or {@code abort}
     * @param reason why, for the saga's history (abort)
     * @return the saga after the action
     */
    @WriteOperation
    public SagaDetail act(@Selector String id, @Selector String action, @Nullable String reason) {
        if (!settings.isMutationsEnabled()) {
            throw new InvalidEndpointRequestException("retry and abort are disabled: set "
                    + "sagaflow.actuator.mutations-enabled=true (and secure the endpoint) to allow them",
                    "mutations disabled");
        }
        SagaId saga = sagaId(id);
        try {
            SagaInstance after = switch (action.toLowerCase(Locale.ROOT)) {
                case "retry" -> engine.retry(saga);
                case "abort" -> engine.abort(saga, reason == null || reason.isBlank() ? "aborted by an operator"
                        : reason);
                default -> throw new InvalidEndpointRequestException("unknown action '" + action
                        + "': use retry or abort", "unknown action");
            };
            log.info("saga {} {}: {} requested through the actuator endpoint", after.sagaType(), id, action);
            return detail(after);
        } catch (IllegalSagaStateException | UnknownSagaException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), "cannot " + action);
        }
    }

    private static @Nullable SagaStatus status(@Nullable String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return SagaStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("unknown status '" + status + "': use one of "
                    + List.of(SagaStatus.values()), "bad status");
        }
    }

    private static SagaId sagaId(String id) {
        try {
            return new SagaId(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), "bad saga id");
        }
    }

    private SagaDetail detail(SagaInstance saga) {
        return new SagaDetail(SagaSummary.of(saga), settings.isShowData() ? saga.data() : null, saga.history());
    }

    /**
     * A page of sagas.
     *
     * @param sagas the sagas, newest first
     * @param offset how many were skipped
     * @param limit the page size asked for
     */
    public record SagaPage(List<SagaSummary> sagas, int offset, int limit) {
    }

    /**
     * One saga, without its data and history.
     *
     * @param id the saga's id
     * @param type its type
     * @param businessKey its business key, or null
     * @param status where it stands
     * @param currentStep the step under way, or null
     * @param failureReason why it compensated or failed, or null
     * @param createdAt when it started
     * @param updatedAt when it last changed
     */
    public record SagaSummary(String id, String type, @Nullable String businessKey, SagaStatus status,
                              @Nullable String currentStep, @Nullable String failureReason, Instant createdAt,
                              Instant updatedAt) {
        static SagaSummary of(SagaInstance saga) {
            return new SagaSummary(saga.id().value(), saga.sagaType(), saga.businessKey(), saga.status(),
                    saga.currentStep(), saga.failureReason(), saga.createdAt(), saga.updatedAt());
        }
    }

    /**
     * One saga with its history.
     *
     * @param saga the summary
     * @param data the saga data, or null unless {@code sagaflow.actuator.show-data=true}
     * @param history what happened, oldest first
     */
    public record SagaDetail(SagaSummary saga, @Nullable Object data, List<HistoryEntry> history) {
    }
}

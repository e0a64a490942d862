package io.sagaflow.axon;

import io.sagaflow.CommandContext;
import io.sagaflow.Direction;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.messaging.core.Metadata;
import org.jspecify.annotations.Nullable;

/**
 * The metadata keys {@link AxonCommandBroker} puts on every Axon command it dispatches for a saga, and a reader
 * that turns them back into a {@link CommandContext} for the handler, whose
 * {@link CommandContext#idempotencyKey()} stays the same across retries of one step.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class SagaflowMetadata {
    /** The Sagaflow message id of the command; new for every attempt. */
    public static final String MESSAGE_ID = "sagaflow-message-id";
    /** The saga's id. */
    public static final String SAGA_ID = "sagaflow-saga-id";
    /** The saga's type. */
    public static final String SAGA_TYPE = "sagaflow-saga-type";
    /** The step's name. */
    public static final String STEP = "sagaflow-step";
    /** {@code FORWARD} or {@code COMPENSATION}. */
    public static final String DIRECTION = "sagaflow-direction";
    /** The orchestrator's attempt number, from 1. */
    public static final String ATTEMPT = "sagaflow-attempt";
    /** {@code sagaId/step}: the same for every attempt of one step, for idempotent handlers. */
    public static final String IDEMPOTENCY_KEY = "sagaflow-idempotency-key";
    /** W3C trace context, when the saga had one. */
    public static final String TRACEPARENT = "traceparent";

    private SagaflowMetadata() {
    }

    /**
     * @param metadata an Axon command's metadata
     * @return the saga command context, or empty when the command was not sent by a saga
     */
    public static Optional<CommandContext> commandContext(Metadata metadata) {
        String messageId = metadata.get(MESSAGE_ID);
        if (messageId == null) {
            return Optional.empty();
        }
        Direction direction = Direction.COMPENSATION.name().equals(metadata.get(DIRECTION))
                ? Direction.COMPENSATION : Direction.FORWARD;
        int attempt;
        try {
            attempt = Integer.parseInt(metadata.getOrDefault(ATTEMPT, "1"));
        } catch (NumberFormatException e) {
            attempt = 1;
        }
        return Optional.of(new CommandContext(messageId, metadata.get(SAGA_ID), metadata.get(SAGA_TYPE),
                metadata.get(STEP), direction, attempt));
    }

    static Metadata of(String messageId, @Nullable String sagaId, @Nullable String sagaType, @Nullable String step,
                       @Nullable String direction, @Nullable String attempt, @Nullable String traceparent) {
        Map<String, String> values = new HashMap<>();
        values.put(MESSAGE_ID, messageId);
        putIfPresent(values, SAGA_ID, sagaId);
        putIfPresent(values, SAGA_TYPE, sagaType);
        putIfPresent(values, STEP, step);
        putIfPresent(values, DIRECTION, direction);
        putIfPresent(values, ATTEMPT, attempt);
        putIfPresent(values, TRACEPARENT, traceparent);
        if (sagaId != null && step != null) {
            values.put(IDEMPOTENCY_KEY, sagaId + "/" + step);
        }
        return Metadata.from(values);
    }

    private static void putIfPresent(Map<String, String> values, String key, @Nullable String value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}

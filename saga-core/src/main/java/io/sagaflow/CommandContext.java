package io.sagaflow;

import org.jspecify.annotations.Nullable;

/**
 * What a command handler knows about the command besides its payload.
 *
 * @param messageId this delivery's message id (new for each attempt)
 * @param sagaId the saga that sent it
 * @param sagaType the saga's type
 * @param step the step that sent it
 * @param direction whether it is the step's action or its compensation
 * @param attempt the orchestrator's attempt number, from 1
 * @since 0.1
 */
public record CommandContext(String messageId, @Nullable String sagaId, @Nullable String sagaType,
                             @Nullable String step, Direction direction, int attempt) {

    /**
     * A key that stays the same across attempts of one step of one saga: use it to make a business change
     * idempotent (a payment's idempotency key, a reservation's id).
     *
     * @return {@code sagaId/step}
     */
    public String idempotencyKey() {
        return sagaId + "/" + step;
    }
}

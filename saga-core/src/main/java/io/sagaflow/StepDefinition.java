package io.sagaflow;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One step of a saga: its action, its compensation, its role, and how it is retried and timed out. Immutable; made
 * by {@link SagaDefinition.Builder}.
 *
 * @param name unique within the saga
 * @param action what the step does
 * @param compensation what undoes it, or null (pivot and retriable steps)
 * @param role compensatable, pivot or retriable
 * @param retry how the action is retried after a technical failure (and, for retriable steps, a business one)
 * @param compensationRetry how the compensation is retried before the saga fails
 * @param timeout how long to wait for a participant's reply, or null to wait for ever
 * @param <D> the saga data type
 * @since 0.1
 */
public record StepDefinition<D>(String name, StepAction<D> action, @Nullable StepAction<D> compensation,
                                StepRole role, RetryPolicy retry, RetryPolicy compensationRetry,
                                @Nullable Duration timeout) {

    /** Checks required fields. */
    public StepDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(compensationRetry, "compensationRetry");
    }

    /** @param direction forward or compensation @return the action for that direction, or null */
    public @Nullable StepAction<D> action(Direction direction) {
        return direction == Direction.FORWARD ? action : compensation;
    }

    /** @param direction forward or compensation @return the retry policy for that direction */
    public RetryPolicy retry(Direction direction) {
        return direction == Direction.FORWARD ? retry : compensationRetry;
    }

    /** @return a short description: kind, role, participant or topic */
    public String describe() {
        String kind = switch (action) {
            case StepAction.Local<D> l -> "local";
            case StepAction.Command<D> c -> "participant " + c.participant();
            case StepAction.Event<D> e -> "notification on " + e.topic();
        };
        return name + " (" + kind + ", " + role.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}

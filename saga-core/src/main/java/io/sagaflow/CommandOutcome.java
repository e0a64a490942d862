package io.sagaflow;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a participant's command handler returns: success with a reply, or a business failure with a reason. An
 * exception thrown by the handler is neither: it is a technical failure, answered with an error reply and retried
 * by the orchestrator, never taken as a business "no".
 *
 * @since 0.1
 */
public sealed interface CommandOutcome {
    /** @param reply the reply payload, of a registered type @return success */
    static CommandOutcome success(Object reply) {
        return new Success(Objects.requireNonNull(reply, "reply"));
    }

    /** @return success with no reply payload */
    static CommandOutcome success() {
        return new Success(null);
    }

    /** @param reason why the command was refused @return a business failure: the saga compensates */
    static CommandOutcome failure(String reason) {
        return new Failure(reason);
    }

    /**
     * The command took effect.
     *
     * @param reply the reply payload, or null
     */
    record Success(@Nullable Object reply) implements CommandOutcome {
    }

    /**
     * The command was refused on business grounds.
     *
     * @param reason why
     */
    record Failure(String reason) implements CommandOutcome {
        /** Checks the reason is present. */
        public Failure {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

package io.sagaflow;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What a step (or its compensation) does: run locally, send a command to a participant and wait for its reply, or
 * publish an event and wait for nothing.
 *
 * @param <D> the saga data type
 * @since 0.1
 */
public sealed interface StepAction<D> {

    /**
     * Runs in the orchestrator's process. At-least-once: after a crash it may run again, so make it idempotent.
     *
     * @param action the work; throws for a technical failure
     * @param <D> the saga data type
     */
    record Local<D>(LocalAction<D> action) implements StepAction<D> {
        /** Checks the action is present. */
        public Local {
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * Sends a command to a participant over the broker and waits for its reply.
     *
     * @param participant the participant's name
     * @param command builds the command from the saga data
     * @param replyHandlers per reply type, how the reply updates the saga data
     * @param <D> the saga data type
     */
    record Command<D>(String participant, Function<D, ?> command,
                      Map<Class<?>, BiFunction<D, Object, D>> replyHandlers) implements StepAction<D> {
        /** Copies the handlers and checks required fields. */
        public Command {
            Objects.requireNonNull(participant, "participant");
            Objects.requireNonNull(command, "command");
            replyHandlers = Map.copyOf(replyHandlers);
        }
    }

    /**
     * Publishes an event on a topic and goes on without waiting.
     *
     * @param topic the topic
     * @param event builds the event from the saga data
     * @param <D> the saga data type
     */
    record Event<D>(String topic, Function<D, ?> event) implements StepAction<D> {
        /** Checks required fields. */
        public Event {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(event, "event");
        }
    }

    /**
     * The work of a local step or local compensation.
     *
     * @param <D> the saga data type
     */
    @FunctionalInterface
    interface LocalAction<D> {
        /**
         * @param data the saga data
         * @return done with the updated data, or rejected with a reason
         * @throws Exception a technical failure, retried
         */
        LocalResult<D> run(D data) throws Exception;
    }

    /**
     * Adapts a reply handler written against its own reply type.
     *
     * @param handler the typed handler
     * @param <D> the saga data type
     * @param <R> the reply type
     * @return the handler as stored in {@link Command#replyHandlers()}
     */
    @SuppressWarnings("unchecked")
    static <D, R> BiFunction<D, Object, D> untyped(BiFunction<D, R, D> handler) {
        return (data, reply) -> handler.apply(data, (R) reply);
    }
}

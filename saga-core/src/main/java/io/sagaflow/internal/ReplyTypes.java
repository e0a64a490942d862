package io.sagaflow.internal;

import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaDefinition;
import io.sagaflow.StepAction;
import io.sagaflow.StepDefinition;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which class a step's reply handlers decode a reply into, by the reply's logical type name: worked out once per
 * command step when the engine is built, instead of naming every handler class of the step on every reply (that
 * loop over the step's handler map was 5% of the in-memory engine's CPU samples).
 *
 * <p>Immutable and thread-safe once built. A command that is not part of the definitions it was built from (none
 * is, since an engine's definitions are fixed when it is built) is answered by the same search, just not ahead of
 * time. Two handler classes of one step with the same logical name (possible only for unregistered classes with the
 * same simple name) are ambiguous: the class met first in the step's handler map keeps the name, as the search did.
 */
final class ReplyTypes {
    private final PayloadTypes payloadTypes;
    private final Map<StepAction.Command<?>, Map<String, Class<?>>> byCommand = new IdentityHashMap<>();

    ReplyTypes(Collection<SagaDefinition<Object>> definitions, PayloadTypes payloadTypes) {
        this.payloadTypes = payloadTypes;
        for (SagaDefinition<Object> definition : definitions) {
            for (StepDefinition<Object> step : definition.steps()) {
                if (step.action() instanceof StepAction.Command<Object> command) {
                    byCommand.computeIfAbsent(command, this::names);
                }
            }
        }
    }

    /**
     * @param command the step's command action
     * @param typeName the logical payload type a reply names
     * @return the class of the step's handler for that type, or null if the step has none
     */
    @Nullable Class<?> handled(StepAction.Command<?> command, String typeName) {
        Map<String, Class<?>> names = byCommand.get(command);
        return (names != null ? names : names(command)).get(typeName);
    }

    private Map<String, Class<?>> names(StepAction.Command<?> command) {
        Map<String, Class<?>> names = new HashMap<>();
        for (Class<?> type : command.replyHandlers().keySet()) {
            names.putIfAbsent(payloadTypes.nameOf(type), type);
        }
        return names;
    }
}

package io.sagaflow.test;

import io.sagaflow.CommandHandler;
import io.sagaflow.CommandOutcome;
import io.sagaflow.EventHandler;
import io.sagaflow.Participant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rebuilds the user's participants with every command handler wrapped: before the real handler runs, the declared
 * {@link StepFault}s for the command's step and direction may answer with a business failure or throw.
 */
final class FaultyParticipants {
    private final List<StepFault> faults = new CopyOnWriteArrayList<>();

    void add(StepFault fault) {
        faults.add(fault);
    }

    Participant wrap(Participant participant) {
        Participant.Builder builder = Participant.builder(participant.name());
        for (Map.Entry<Class<?>, CommandHandler<?>> entry : participant.commandHandlers().entrySet()) {
            addCommand(builder, participant.payloadTypes().nameOf(entry.getKey()), entry.getKey(), entry.getValue());
        }
        for (Participant.EventSubscription<?> subscription : participant.eventHandlers()) {
            addEvent(builder, subscription);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private <C> void addCommand(Participant.Builder builder, String typeName, Class<?> type, CommandHandler<?> real) {
        CommandHandler<C> handler = (CommandHandler<C>) real;
        builder.onCommand(typeName, (Class<C>) type, (command, context) -> {
            if (context.step() != null) {
                for (StepFault fault : faults) {
                    Optional<CommandOutcome> outcome = fault.apply(context.step(), context.direction());
                    if (outcome.isPresent()) {
                        return outcome.get();
                    }
                }
            }
            return handler.handle(command, context);
        });
    }

    private static <E> void addEvent(Participant.Builder builder, Participant.EventSubscription<E> subscription) {
        EventHandler<E> handler = subscription.handler();
        builder.onEvent(subscription.topic(), subscription.type(), handler);
    }
}

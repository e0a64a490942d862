package io.sagaflow.annotation;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.SagaException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a {@link SagaParticipant} class's handler methods, checks their signatures, and calls
 * {@link Participant#builder(String)}. Every problem is a {@link SagaDefinitionException} naming the class and method.
 */
final class ParticipantCompiler {
    private ParticipantCompiler() {
    }

    static Participant compile(Object bean) {
        Objects.requireNonNull(bean, "bean");
        Class<?> type = Reflection.userClass(bean);
        SagaParticipant annotation = type.getAnnotation(SagaParticipant.class);
        if (annotation == null) {
            throw new SagaDefinitionException("class " + type.getName() + " is not annotated @SagaParticipant");
        }
        Participant.Builder builder;
        try {
            builder = Participant.builder(annotation.value());
        } catch (SagaDefinitionException e) {
            throw wrap("class " + type.getName(), e);
        }
        List<Method> commands = Reflection.annotated(type, CommandHandler.class);
        List<Method> events = Reflection.annotated(type, EventHandler.class);
        if (commands.isEmpty() && events.isEmpty()) {
            throw new SagaDefinitionException("class " + type.getName() + " is annotated @SagaParticipant(\""
                    + annotation.value() + "\") but has no @CommandHandler or @EventHandler methods");
        }
        PayloadTypes.Builder names = PayloadTypes.builder();
        Map<String, Method> byName = new HashMap<>();
        for (Method method : commands) {
            addCommand(builder, bean, type, method, names, byName);
        }
        for (Method method : events) {
            addEvent(builder, bean, type, method);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static void addCommand(Participant.Builder builder, Object bean, Class<?> type, Method method,
                                   PayloadTypes.Builder names, Map<String, Method> byName) {
        String where = Reflection.where(type, method);
        Class<?>[] parameters = method.getParameterTypes();
        boolean withContext = parameters.length == 2 && parameters[1] == CommandContext.class;
        if (parameters.length != 1 && !withContext) {
            throw new SagaDefinitionException(where + ": a @CommandHandler method must take (Command command) or "
                    + "(Command command, CommandContext context)");
        }
        if (!CommandOutcome.class.isAssignableFrom(method.getReturnType())) {
            throw new SagaDefinitionException(where + ": a @CommandHandler method must return CommandOutcome, not "
                    + method.getReturnType().getSimpleName());
        }
        String problem = Reflection.payloadProblem(parameters[0]);
        if (problem != null) {
            throw new SagaDefinitionException(where + ": command " + problem);
        }
        String typeName = method.getAnnotation(CommandHandler.class).typeName();
        String name = typeName.isEmpty() ? parameters[0].getSimpleName() : typeName;
        try {
            names.register(name, parameters[0]);
        } catch (SagaDefinitionException e) {
            Method other = byName.get(name);
            throw wrap(where + ": command type clash with method " + (other == null ? "?" : other.getName()), e);
        }
        byName.put(name, method);
        Reflection.makeCallable(type, method);
        String what = "participant handler " + type.getSimpleName() + "." + method.getName();
        try {
            builder.onCommand(name, (Class<Object>) parameters[0], (command, context) -> {
                Object outcome = withContext ? Reflection.call(bean, method, command, context)
                        : Reflection.call(bean, method, command);
                if (outcome == null) {
                    throw new SagaException(what + " returned null: return CommandOutcome.success(..) or "
                            + "CommandOutcome.failure(..)");
                }
                return (CommandOutcome) outcome;
            });
        } catch (SagaDefinitionException e) {
            throw wrap(where, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void addEvent(Participant.Builder builder, Object bean, Class<?> type, Method method) {
        String where = Reflection.where(type, method);
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length != 1 || method.getReturnType() != void.class) {
            throw new SagaDefinitionException(where + ": an @EventHandler method must take (Event event) and "
                    + "return void");
        }
        String problem = Reflection.payloadProblem(parameters[0]);
        if (problem != null) {
            throw new SagaDefinitionException(where + ": event " + problem);
        }
        Reflection.makeCallable(type, method);
        try {
            builder.onEvent(method.getAnnotation(EventHandler.class).topic(), (Class<Object>) parameters[0],
                    event -> Reflection.call(bean, method, event));
        } catch (SagaDefinitionException | IllegalArgumentException e) {
            throw wrap(where, e);
        }
    }

    private static SagaDefinitionException wrap(String where, RuntimeException e) {
        SagaDefinitionException failure = new SagaDefinitionException(where + ": " + e.getMessage());
        failure.initCause(e);
        return failure;
    }
}

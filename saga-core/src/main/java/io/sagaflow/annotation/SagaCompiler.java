package io.sagaflow.annotation;

import io.sagaflow.LocalResult;
import io.sagaflow.PayloadTypes;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.StepRole;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link Saga} class's annotated methods, checks every signature, and calls {@link SagaDefinition#builder}
 * with adapters that invoke the methods. Every problem is a {@link SagaDefinitionException} naming the class and
 * method.
 */
final class SagaCompiler {
    private final Object bean;
    private final Class<?> type;
    private final Saga saga;
    private final Class<?> dataType;

    private SagaCompiler(Object bean) {
        this.bean = Objects.requireNonNull(bean, "sagaBean");
        this.type = Reflection.userClass(bean);
        Saga annotation = type.getAnnotation(Saga.class);
        if (annotation == null) {
            throw new SagaDefinitionException("class " + type.getName() + " is not annotated @Saga");
        }
        this.saga = annotation;
        this.dataType = annotation.data();
    }

    static SagaDefinition<?> compile(Object bean) {
        return new SagaCompiler(bean).compile();
    }

    private record StepMethod(Method method, Step step) {
    }

    private SagaDefinition<?> compile() {
        List<StepMethod> steps = steps();
        Map<String, Method> compensations = compensations(steps);
        Map<String, List<Method>> replies = replies(steps);
        @SuppressWarnings("unchecked")
        Class<Object> data = (Class<Object>) dataType;
        try {
            SagaDefinition.Builder<Object> builder = SagaDefinition.builder(saga.name(), data);
            if (!saga.defaultTimeout().isEmpty()) {
                builder.defaultTimeout(duration(saga.defaultTimeout(), "class " + type.getName()
                        + ": @Saga defaultTimeout"));
            }
            for (StepMethod sm : steps) {
                addStep(builder, sm, compensations.get(sm.step().name()),
                        replies.getOrDefault(sm.step().name(), List.of()));
            }
            return builder.build();
        } catch (SagaDefinitionException e) {
            SagaDefinitionException failure = new SagaDefinitionException("class " + type.getName() + ": "
                    + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private List<StepMethod> steps() {
        List<StepMethod> steps = new ArrayList<>();
        Map<String, Method> byName = new HashMap<>();
        Map<Integer, Method> byOrder = new HashMap<>();
        for (Method method : Reflection.annotated(type, Step.class)) {
            Step step = method.getAnnotation(Step.class);
            String where = Reflection.where(type, method);
            Method sameName = byName.putIfAbsent(step.name(), method);
            if (sameName != null) {
                throw new SagaDefinitionException(where + ": duplicate step '" + step.name() + "', already declared by "
                        + "method " + sameName.getName());
            }
            Method sameOrder = byOrder.putIfAbsent(step.order(), method);
            if (sameOrder != null) {
                throw new SagaDefinitionException(where + ": step '" + step.name() + "' has order " + step.order()
                        + ", already used by method " + sameOrder.getName() + ": give each step its own order");
            }
            checkKind(where, "@Step", step.participant(), step.topic(), step.local());
            checkBuilds(method, step.local());
            steps.add(new StepMethod(method, step));
        }
        if (steps.isEmpty()) {
            throw new SagaDefinitionException("class " + type.getName() + " is annotated @Saga but has no @Step "
                    + "methods");
        }
        steps.sort(Comparator.comparingInt(s -> s.step().order()));
        for (StepMethod sm : steps) {
            Reflection.makeCallable(type, sm.method());
        }
        return steps;
    }

    private Map<String, Method> compensations(List<StepMethod> steps) {
        Map<String, Method> compensations = new HashMap<>();
        for (Method method : Reflection.annotated(type, Compensation.class)) {
            Compensation compensation = method.getAnnotation(Compensation.class);
            String where = Reflection.where(type, method);
            StepMethod step = find(steps, compensation.step(), where, "@Compensation");
            if (step.step().role() != StepRole.COMPENSATABLE) {
                throw new SagaDefinitionException(where + ": @Compensation for step '" + compensation.step()
                        + "', which is " + step.step().role() + "; only COMPENSATABLE steps are compensated");
            }
            Method other = compensations.putIfAbsent(compensation.step(), method);
            if (other != null) {
                throw new SagaDefinitionException(where + ": a second @Compensation for step '" + compensation.step()
                        + "', already compensated by method " + other.getName());
            }
            checkKind(where, "@Compensation", compensation.participant(), compensation.topic(),
                    compensation.local());
            checkBuilds(method, compensation.local());
            Reflection.makeCallable(type, method);
        }
        for (StepMethod sm : steps) {
            if (sm.step().role() == StepRole.COMPENSATABLE && !compensations.containsKey(sm.step().name())) {
                throw new SagaDefinitionException(Reflection.where(type, sm.method()) + ": step '"
                        + sm.step().name() + "' is COMPENSATABLE but has no @Compensation(step = \""
                        + sm.step().name() + "\") method; add one, or declare it role = PIVOT or RETRIABLE");
            }
        }
        return compensations;
    }

    private Map<String, List<Method>> replies(List<StepMethod> steps) {
        Map<String, List<Method>> replies = new LinkedHashMap<>();
        PayloadTypes.Builder types = PayloadTypes.builder();
        Map<String, Method> byTypeName = new HashMap<>();
        for (Method method : Reflection.annotated(type, OnReply.class)) {
            OnReply onReply = method.getAnnotation(OnReply.class);
            String where = Reflection.where(type, method);
            StepMethod step = find(steps, onReply.step(), where, "@OnReply");
            if (step.step().participant().isEmpty()) {
                throw new SagaDefinitionException(where + ": @OnReply for step '" + onReply.step()
                        + "', which is not a participant step; only participants reply");
            }
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length != 2 || !parameters[0].isAssignableFrom(dataType)) {
                throw new SagaDefinitionException(where + ": an @OnReply method must take (" + dataType.getSimpleName()
                        + " data, Reply reply)");
            }
            if (!dataType.isAssignableFrom(method.getReturnType())) {
                throw new SagaDefinitionException(where + ": an @OnReply method must return the saga data ("
                        + dataType.getSimpleName() + "), not " + method.getReturnType().getSimpleName());
            }
            String problem = Reflection.payloadProblem(parameters[1]);
            if (problem != null) {
                throw new SagaDefinitionException(where + ": reply " + problem);
            }
            try {
                types.register(parameters[1]);
            } catch (SagaDefinitionException e) {
                Method other = byTypeName.get(parameters[1].getSimpleName());
                SagaDefinitionException failure = new SagaDefinitionException(where + ": reply type clash with method "
                        + (other == null ? "?" : other.getName()) + ": " + e.getMessage());
                failure.initCause(e);
                throw failure;
            }
            byTypeName.put(parameters[1].getSimpleName(), method);
            Reflection.makeCallable(type, method);
            replies.computeIfAbsent(onReply.step(), k -> new ArrayList<>()).add(method);
        }
        return replies;
    }

    private StepMethod find(List<StepMethod> steps, String name, String where, String what) {
        return steps.stream().filter(s -> s.step().name().equals(name)).findFirst()
                .orElseThrow(() -> new SagaDefinitionException(where + ": " + what + " names step '" + name
                        + "', which no @Step method declares; steps: "
                        + steps.stream().map(s -> s.step().name()).toList()));
    }

    private void checkKind(String where, String what, String participant, String topic, boolean local) {
        int kinds = (participant.isEmpty() ? 0 : 1) + (topic.isEmpty() ? 0 : 1) + (local ? 1 : 0);
        if (kinds != 1) {
            throw new SagaDefinitionException(where + ": " + what + " must set exactly one of participant, topic "
                    + "and local = true; it sets " + kinds);
        }
    }

    /** A step or compensation method takes the saga data and returns a message, or a LocalResult when local. */
    private void checkBuilds(Method method, boolean local) {
        String where = Reflection.where(type, method);
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length != 1 || !parameters[0].isAssignableFrom(dataType)) {
            throw new SagaDefinitionException(where + ": must take exactly the saga data (" + dataType.getSimpleName()
                    + ")");
        }
        Class<?> returned = method.getReturnType();
        if (local) {
            if (!LocalResult.class.isAssignableFrom(returned)) {
                throw new SagaDefinitionException(where + ": a local step must return LocalResult<"
                        + dataType.getSimpleName() + ">, not " + returned.getSimpleName());
            }
            return;
        }
        String problem = Reflection.payloadProblem(returned);
        if (problem != null) {
            throw new SagaDefinitionException(where + ": the message it builds: " + problem);
        }
    }

    private void addStep(SagaDefinition.Builder<Object> builder, StepMethod sm, @Nullable Method compensation,
                         List<Method> replies) {
        Step step = sm.step();
        String where = Reflection.where(type, sm.method());
        SagaDefinition.StepBuilder<Object> b = builder.step(step.name());
        if (step.local()) {
            b.invokeLocal(local(sm.method()));
        } else if (!step.participant().isEmpty()) {
            b.invokeParticipant(step.participant(), message(sm.method(), "step '" + step.name() + "'"));
        } else {
            b.publish(step.topic(), message(sm.method(), "step '" + step.name() + "'"));
        }
        for (Method reply : replies) {
            @SuppressWarnings("unchecked")
            Class<Object> replyType = (Class<Object>) reply.getParameterTypes()[1];
            String what = "saga '" + saga.name() + "' step '" + step.name() + "' reply handler " + reply.getName();
            b.onReply(replyType, (data, r) -> Reflection.callUnchecked(bean, reply, what, data, r));
        }
        if (compensation != null) {
            Compensation c = compensation.getAnnotation(Compensation.class);
            String what = "compensation of step '" + step.name() + "'";
            if (c.local()) {
                b.withCompensation(local(compensation));
            } else if (!c.participant().isEmpty()) {
                b.withCompensation(c.participant(), message(compensation, what));
            } else {
                b.withCompensationEvent(c.topic(), message(compensation, what));
            }
            if (c.maxAttempts() > 0) {
                b.compensationRetry(RetryPolicy.attempts(c.maxAttempts()));
            }
        }
        switch (step.role()) {
            case PIVOT -> b.pivot();
            case RETRIABLE -> b.retriable();
            case COMPENSATABLE -> {
                // the builder's default
            }
        }
        if (!step.timeout().isEmpty()) {
            b.timeout(duration(step.timeout(), where + ": timeout"));
        }
        if (step.maxAttempts() > 0) {
            b.retry(RetryPolicy.attempts(step.maxAttempts()));
        }
    }

    private Function<Object, ?> message(Method method, String what) {
        String description = "saga '" + saga.name() + "' " + what + ": method " + method.getName();
        return data -> Reflection.callUnchecked(bean, method, description, data);
    }

    @SuppressWarnings("unchecked")
    private io.sagaflow.StepAction.LocalAction<Object> local(Method method) {
        return data -> (LocalResult<Object>) Reflection.call(bean, method, data);
    }

    private static Duration duration(String text, String what) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            SagaDefinitionException failure = new SagaDefinitionException(what + " '" + text
                    + "' is not an ISO-8601 duration such as PT5S");
            failure.initCause(e);
            throw failure;
        }
    }
}

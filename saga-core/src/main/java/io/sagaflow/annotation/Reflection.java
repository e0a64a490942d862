package io.sagaflow.annotation;

import io.sagaflow.SagaDefinitionException;
import io.sagaflow.SagaException;
import java.lang.annotation.Annotation;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Finds annotated methods through a class's hierarchy, describes them for messages, and calls them. */
final class Reflection {
    private Reflection() {
    }

    /**
     * The class the user wrote: a runtime subclass made by a proxy library (its name holds {@code $$}) is skipped,
     * since such subclasses do not repeat the annotations.
     */
    static Class<?> userClass(Object bean) {
        Class<?> type = bean.getClass();
        while (type.getName().contains("$$") && type.getSuperclass() != null
                && type.getSuperclass() != Object.class) {
            type = type.getSuperclass();
        }
        return type;
    }

    /** Methods carrying the annotation, declared on the class or a superclass (an override hides its original). */
    static List<Method> annotated(Class<?> type, Class<? extends Annotation> annotation) {
        List<Method> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isBridge() || method.isSynthetic()) {
                    continue;
                }
                String signature = method.getName() + Arrays.toString(method.getParameterTypes());
                if (seen.add(signature) && method.isAnnotationPresent(annotation)) {
                    found.add(method);
                }
            }
        }
        found.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return found;
    }

    /** @return e.g. {@code class com.shop.PlaceOrderSaga, method reserve(OrderData)} */
    static String where(Class<?> type, Method method) {
        return "class " + type.getName() + ", method " + method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    static void makeCallable(Class<?> type, Method method) {
        try {
            method.setAccessible(true);
        } catch (InaccessibleObjectException | SecurityException e) {
            SagaDefinitionException failure = new SagaDefinitionException(where(type, method)
                    + ": cannot be called (" + e.getMessage() + "); make the method public");
            failure.initCause(e);
            throw failure;
        }
    }

    /**
     * Why a class cannot be a payload type (commands, replies, events), or null if it can: the codec reads only
     * concrete classes and records.
     */
    static @Nullable String payloadProblem(Class<?> type) {
        if (type == void.class || type == Void.class) {
            return "returns nothing";
        }
        if (type.isPrimitive() || type.isArray() || type == Object.class
                || type.getName().startsWith("java.")) {
            return "payload type " + type.getName() + " is not a registrable payload type: use a record or class of "
                    + "your own";
        }
        if (type.isInterface() && !type.isSealed() || Modifier.isAbstract(type.getModifiers()) && !type.isSealed()
                && !type.isInterface()) {
            return "payload type " + type.getName() + " is an open interface or abstract class: messages are read "
                    + "into exactly this type, so use a concrete record or class";
        }
        return null;
    }

    /** Calls a method whose caller may throw anything: the method's own exception comes out unwrapped. */
    static @Nullable Object call(Object bean, Method method, Object... args) throws Exception {
        try {
            return method.invoke(Modifier.isStatic(method.getModifiers()) ? null : bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Calls a method for a caller that cannot throw checked exceptions: those are wrapped, naming the method. */
    static @Nullable Object callUnchecked(Object bean, Method method, String what, Object... args) {
        try {
            return call(bean, method, args);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SagaException(what + " threw " + e, e);
        }
    }
}

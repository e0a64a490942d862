package io.sagaflow;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The allowlist of payload types: the only classes a message may be decoded into, each under a stable logical name.
 * A message names its payload by that logical name; nothing is ever loaded or instantiated from a class name read
 * out of a message.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}. By default a class is registered under its
 * simple name: two classes with one simple name must be given explicit names.
 *
 * @since 0.1
 */
public final class PayloadTypes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._$-]{1,200}");
    private static final PayloadTypes EMPTY = new PayloadTypes(Map.of(), Map.of());

    private final Map<String, Class<?>> byName;
    private final Map<Class<?>, String> byClass;

    private PayloadTypes(Map<String, Class<?>> byName, Map<Class<?>, String> byClass) {
        this.byName = byName;
        this.byClass = byClass;
    }

    /** @return an allowlist with no types */
    public static PayloadTypes empty() {
        return EMPTY;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Resolves a name read from a message.
     *
     * @param name the logical name from the message
     * @return the registered class
     * @throws MessageRejectedException if the name is not on the allowlist
     */
    public Class<?> classFor(String name) {
        Class<?> type = byName.get(name);
        if (type == null) {
            throw new MessageRejectedException("payload type '" + (name.length() > 120 ? name.substring(0, 120) + "…"
                    : name) + "' is not on the allowlist of registered payload types");
        }
        return type;
    }

    /**
     * Names a class for an outgoing message: its registered name, or its simple name when it is not registered
     * (what we send is trusted; only what we read is checked).
     *
     * @param type the payload's class
     * @return its logical name
     */
    public String nameOf(Class<?> type) {
        String name = byClass.get(type);
        return name != null ? name : type.getSimpleName();
    }

    /** @param type a class @return whether it is on the allowlist */
    public boolean contains(Class<?> type) {
        return byClass.containsKey(type);
    }

    /** @return every registered name and its class */
    public Map<String, Class<?>> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    /**
     * @param other another allowlist
     * @return the union of both
     * @throws SagaDefinitionException if a name or a class is registered differently in each
     */
    public PayloadTypes merge(PayloadTypes other) {
        Builder builder = toBuilder();
        other.byName.forEach(builder::register);
        return builder.build();
    }

    /** @return a builder holding this allowlist's types */
    public Builder toBuilder() {
        Builder builder = new Builder();
        byName.forEach(builder::register);
        return builder;
    }

    @Override
    public String toString() {
        return "PayloadTypes" + byName.keySet();
    }

    /** Collects registrations and refuses conflicts at once, quoting both sides. */
    public static final class Builder {
        private final Map<String, Class<?>> byName = new HashMap<>();
        private final Map<Class<?>, String> byClass = new HashMap<>();

        private Builder() {
        }

        /**
         * @param type a payload class, registered under its simple name
         * @return this builder
         */
        public Builder register(Class<?> type) {
            return register(type.getSimpleName(), type);
        }

        /**
         * @param name the logical name used in messages
         * @param type the payload class
         * @return this builder
         * @throws SagaDefinitionException if the name is taken by another class, or the class has another name
         */
        public Builder register(String name, Class<?> type) {
            Objects.requireNonNull(type, "type");
            if (!NAME.matcher(name).matches()) {
                throw new SagaDefinitionException("payload type name '" + name + "' for " + type.getName()
                        + " must match " + NAME.pattern());
            }
            if (type.isPrimitive() || type.isArray() || type.isInterface() && !type.isSealed()) {
                throw new SagaDefinitionException("payload type " + type.getName()
                        + " must be a concrete class or record, not a primitive, array or open interface");
            }
            Class<?> existing = byName.get(name);
            if (existing != null && existing != type) {
                throw new SagaDefinitionException("payload type name '" + name + "' is registered for both "
                        + existing.getName() + " and " + type.getName() + ": register one under another name");
            }
            String existingName = byClass.get(type);
            if (existingName != null && !existingName.equals(name)) {
                throw new SagaDefinitionException("payload type " + type.getName() + " is registered as both '"
                        + existingName + "' and '" + name + "'");
            }
            byName.put(name, type);
            byClass.put(type, name);
            return this;
        }

        /** @return the allowlist; later changes to this builder do not affect it */
        public PayloadTypes build() {
            return new PayloadTypes(Map.copyOf(byName), Map.copyOf(byClass));
        }
    }
}

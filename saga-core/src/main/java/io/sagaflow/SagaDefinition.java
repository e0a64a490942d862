package io.sagaflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable saga: a name, the type of data that flows through it, and its steps in order. Build one with
 * {@link #builder(String, Class)}:
 *
 * <pre>{@code
 * SagaDefinition<Order> placeOrder = SagaDefinition.builder("place-order", Order.class)
 *     .step("reserve-inventory")
 *         .invokeParticipant("inventory", o -> new ReserveStock(o.id(), o.items()))
 *         .onReply(StockReserved.class, (o, r) -> o.withReservation(r.reservationId()))
 *         .withCompensation("inventory", o -> new ReleaseStock(o.id()))
 *     .step("charge-payment")
 *         .invokeParticipant("payment", o -> new ChargePayment(o.id(), o.total()))
 *         .pivot()
 *     .step("send-confirmation")
 *         .publish("order-events", o -> new OrderConfirmed(o.id()))
 *         .retriable()
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe. Equality is identity: two definitions are the same saga only if they are the same object.
 *
 * @param <D> the saga data type: a record or a bean, encoded by the engine's codec between steps
 * @since 0.1
 */
public final class SagaDefinition<D> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final String name;
    private final Class<D> dataType;
    private final List<StepDefinition<D>> steps;
    private final PayloadTypes payloadTypes;

    private SagaDefinition(String name, Class<D> dataType, List<StepDefinition<D>> steps, PayloadTypes payloadTypes) {
        this.name = name;
        this.dataType = dataType;
        this.steps = List.copyOf(steps);
        this.payloadTypes = payloadTypes;
    }

    /**
     * @param name the saga type's name, unique per engine: letters, digits, {@code . _ -}
     * @param dataType the saga data's class
     * @param <D> the saga data type
     * @return a builder
     * @throws SagaDefinitionException if the name is not valid
     */
    public static <D> Builder<D> builder(String name, Class<D> dataType) {
        return new Builder<>(name, dataType);
    }

    /** @return the saga type's name */
    public String name() {
        return name;
    }

    /** @return the saga data's class */
    public Class<D> dataType() {
        return dataType;
    }

    /** @return the steps in order */
    public List<StepDefinition<D>> steps() {
        return steps;
    }

    /** @param index the position @return the step at that position */
    public StepDefinition<D> step(int index) {
        return steps.get(index);
    }

    /** @param stepName a step's name @return the step, or empty */
    public Optional<StepDefinition<D>> step(String stepName) {
        return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
    }

    /** @return the reply types of every participant step: the payload types this saga accepts in messages */
    public PayloadTypes payloadTypes() {
        return payloadTypes;
    }

    @Override
    public String toString() {
        return "saga " + name + steps.stream().map(StepDefinition::describe).toList();
    }

    /**
     * Collects a saga's steps and checks every call: names, duplicates, a step's action set twice, and at
     * {@link #build()} the order of compensatable, pivot and retriable steps.
     *
     * @param <D> the saga data type
     */
    public static final class Builder<D> {
        private final String name;
        private final Class<D> dataType;
        private final List<StepBuilder<D>> steps = new ArrayList<>();
        private @Nullable Duration defaultTimeout;

        private Builder(String name, Class<D> dataType) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataType, "dataType");
            if (!NAME.matcher(name).matches()) {
                throw new SagaDefinitionException("saga name '" + name + "' must match " + NAME.pattern());
            }
            this.name = name;
            this.dataType = dataType;
        }

        /**
         * @param timeout the reply timeout of every participant step that does not set its own
         * @return this builder
         */
        public Builder<D> defaultTimeout(Duration timeout) {
            this.defaultTimeout = requirePositive(timeout, "default timeout");
            return this;
        }

        /**
         * Starts the next step.
         *
         * @param stepName unique within this saga
         * @return the step's builder
         * @throws SagaDefinitionException if the name is invalid or already used in this saga
         */
        public StepBuilder<D> step(String stepName) {
            Objects.requireNonNull(stepName, "stepName");
            if (!NAME.matcher(stepName).matches()) {
                throw new SagaDefinitionException(
                        "saga '" + name + "': step name '" + stepName + "' must match " + NAME.pattern());
            }
            for (StepBuilder<D> existing : steps) {
                if (existing.name.equals(stepName)) {
                    throw new SagaDefinitionException(
                            "saga '" + name + "': duplicate step name '" + stepName + "'");
                }
            }
            StepBuilder<D> step = new StepBuilder<>(this, stepName);
            steps.add(step);
            return step;
        }

        /**
         * Checks the saga as a whole and builds it.
         *
         * @return the immutable definition
         * @throws SagaDefinitionException naming the saga and step: no steps, a step without an action, a
         *     compensatable step without a compensation or after the pivot, a retriable step before the pivot, two
         *     pivots
         */
        public SagaDefinition<D> build() {
            if (steps.isEmpty()) {
                throw new SagaDefinitionException("saga '" + name + "' has no steps");
            }
            List<StepDefinition<D>> built = new ArrayList<>();
            String pivot = null;
            String firstRetriable = null;
            PayloadTypes.Builder types = PayloadTypes.builder();
            for (StepBuilder<D> step : steps) {
                String where = "saga '" + name + "': step '" + step.name + "'";
                if (step.action == null) {
                    throw new SagaDefinitionException(where
                            + " has no action: call invokeLocal, invokeParticipant or publish");
                }
                switch (step.role) {
                    case COMPENSATABLE -> {
                        if (step.compensation == null) {
                            throw new SagaDefinitionException(where
                                    + " is compensatable but has no compensation: add withCompensation(..),"
                                    + " or declare it pivot() or retriable()");
                        }
                        if (pivot != null) {
                            throw new SagaDefinitionException(where + " is compensatable but comes after the pivot '"
                                    + pivot + "': steps after the pivot must be retriable()");
                        }
                        if (firstRetriable != null) {
                            throw new SagaDefinitionException(where
                                    + " is compensatable but comes after the retriable step '" + firstRetriable
                                    + "'");
                        }
                    }
                    case PIVOT -> {
                        if (pivot != null) {
                            throw new SagaDefinitionException(where + " is a second pivot; '" + pivot
                                    + "' is already the pivot");
                        }
                        if (firstRetriable != null) {
                            throw new SagaDefinitionException(where + " is the pivot but comes after the retriable "
                                    + "step '" + firstRetriable + "'");
                        }
                        pivot = step.name;
                    }
                    case RETRIABLE -> {
                        if (step.compensation != null) {
                            throw new SagaDefinitionException(where
                                    + " is retriable and so is never compensated: remove its compensation");
                        }
                        if (firstRetriable == null) {
                            firstRetriable = step.name;
                        }
                    }
                }
                if (step.action instanceof StepAction.Command<D> command) {
                    command.replyHandlers().keySet().forEach(types::register);
                }
                Duration timeout = step.timeout != null ? step.timeout : defaultTimeout;
                RetryPolicy retry = step.retry != null ? step.retry
                        : step.role == StepRole.RETRIABLE ? RetryPolicy.forever() : RetryPolicy.ofDefaults();
                RetryPolicy compensationRetry = step.compensationRetry != null ? step.compensationRetry
                        : RetryPolicy.compensationDefaults();
                built.add(new StepDefinition<>(step.name, step.action, step.compensation, step.role, retry,
                        compensationRetry, timeout));
            }
            return new SagaDefinition<>(name, dataType, built, types.build());
        }

        private static Duration requirePositive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isZero() || duration.isNegative()) {
                throw new SagaDefinitionException(what + " must be positive, was " + duration);
            }
            return duration;
        }
    }

    /**
     * Declares one step. Every setter refuses being called twice, naming the saga and step.
     *
     * @param <D> the saga data type
     */
    public static final class StepBuilder<D> {
        private final Builder<D> saga;
        private final String name;
        private @Nullable StepAction<D> action;
        private final Map<Class<?>, BiFunction<D, Object, D>> replyHandlers = new LinkedHashMap<>();
        private @Nullable StepAction<D> compensation;
        private StepRole role = StepRole.COMPENSATABLE;
        private boolean roleSet;
        private @Nullable RetryPolicy retry;
        private @Nullable RetryPolicy compensationRetry;
        private @Nullable Duration timeout;

        private StepBuilder(Builder<D> saga, String name) {
            this.saga = saga;
            this.name = name;
        }

        private String where() {
            return "saga '" + saga.name + "': step '" + name + "'";
        }

        private void setAction(StepAction<D> newAction) {
            if (action != null) {
                throw new SagaDefinitionException(where() + " already has an action");
            }
            action = newAction;
        }

        private void setCompensation(StepAction<D> newCompensation) {
            if (compensation != null) {
                throw new SagaDefinitionException(where() + " already has a compensation");
            }
            compensation = newCompensation;
        }

        private void setRole(StepRole newRole) {
            if (roleSet) {
                throw new SagaDefinitionException(where() + " is already declared " + role + ", not " + newRole);
            }
            role = newRole;
            roleSet = true;
        }

        /**
         * @param local the work, run in the orchestrator's process
         * @return this step
         */
        public StepBuilder<D> invokeLocal(StepAction.LocalAction<D> local) {
            setAction(new StepAction.Local<>(local));
            return this;
        }

        /**
         * @param participant the participant's name
         * @param command builds the command from the saga data
         * @return this step
         */
        public StepBuilder<D> invokeParticipant(String participant, Function<D, ?> command) {
            setAction(new StepAction.Command<>(checkName(participant, "participant"), command, Map.of()));
            return this;
        }

        /**
         * @param topic the topic
         * @param event builds the event from the saga data
         * @return this step
         */
        public StepBuilder<D> publish(String topic, Function<D, ?> event) {
            setAction(new StepAction.Event<>(checkName(topic, "topic"), event));
            return this;
        }

        /**
         * Declares how a participant's reply updates the saga data. The reply type joins the allowlist.
         *
         * @param replyType the reply's class
         * @param handler returns the updated data (a new record, or the same bean changed)
         * @param <R> the reply type
         * @return this step
         */
        public <R> StepBuilder<D> onReply(Class<R> replyType, BiFunction<D, R, D> handler) {
            if (!(action instanceof StepAction.Command<D> command)) {
                throw new SagaDefinitionException(where() + ": onReply(" + replyType.getSimpleName()
                        + ") needs invokeParticipant(..) first; only participant steps get replies");
            }
            if (replyHandlers.containsKey(replyType)) {
                throw new SagaDefinitionException(where() + " already handles reply " + replyType.getName());
            }
            replyHandlers.put(replyType, StepAction.untyped(handler));
            action = new StepAction.Command<>(command.participant(), command.command(), replyHandlers);
            return this;
        }

        /**
         * @param local undoes the step in the orchestrator's process
         * @return this step
         */
        public StepBuilder<D> withCompensation(StepAction.LocalAction<D> local) {
            setCompensation(new StepAction.Local<>(local));
            return this;
        }

        /**
         * @param participant the participant that undoes the step
         * @param command builds the compensating command from the saga data
         * @return this step
         */
        public StepBuilder<D> withCompensation(String participant, Function<D, ?> command) {
            setCompensation(new StepAction.Command<>(checkName(participant, "participant"), command, Map.of()));
            return this;
        }

        /**
         * @param topic the topic
         * @param event builds the compensating event from the saga data
         * @return this step
         */
        public StepBuilder<D> withCompensationEvent(String topic, Function<D, ?> event) {
            setCompensation(new StepAction.Event<>(checkName(topic, "topic"), event));
            return this;
        }

        /** @return this step, declared the pivot: the go/no-go step */
        public StepBuilder<D> pivot() {
            setRole(StepRole.PIVOT);
            return this;
        }

        /** @return this step, declared retriable: after the pivot, retried until it succeeds */
        public StepBuilder<D> retriable() {
            setRole(StepRole.RETRIABLE);
            return this;
        }

        /** @param policy how the action is retried @return this step */
        public StepBuilder<D> retry(RetryPolicy policy) {
            if (retry != null) {
                throw new SagaDefinitionException(where() + " already has a retry policy");
            }
            retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @param policy how the compensation is retried @return this step */
        public StepBuilder<D> compensationRetry(RetryPolicy policy) {
            if (compensationRetry != null) {
                throw new SagaDefinitionException(where() + " already has a compensation retry policy");
            }
            compensationRetry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** @param replyTimeout how long to wait for a participant's reply @return this step */
        public StepBuilder<D> timeout(Duration replyTimeout) {
            if (timeout != null) {
                throw new SagaDefinitionException(where() + " already has a timeout");
            }
            timeout = Builder.requirePositive(replyTimeout, where() + " timeout");
            return this;
        }

        /** @param stepName the next step's name @return the next step's builder */
        public StepBuilder<D> step(String stepName) {
            return saga.step(stepName);
        }

        /** @return the saga definition; see {@link Builder#build()} */
        public SagaDefinition<D> build() {
            return saga.build();
        }

        private String checkName(String value, String what) {
            Objects.requireNonNull(value, what);
            if (!NAME.matcher(value).matches()) {
                throw new SagaDefinitionException(where() + ": " + what + " name '" + value + "' must match "
                        + NAME.pattern());
            }
            return value;
        }
    }
}

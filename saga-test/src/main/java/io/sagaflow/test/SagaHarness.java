package io.sagaflow.test;

import io.sagaflow.Direction;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaId;
import io.sagaflow.spi.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Runs real saga definitions and participant handlers on a {@link SagaTestEnvironment} with a {@link HarnessClock},
 * under failures the test declares:
 *
 * <pre>{@code
 * harness.register(placeOrder).participants(inventory, payment);
 * harness.failStep("charge-payment").withBusinessFailure("card declined").always();
 * harness.failCompensation("reserve-inventory").times(2);
 * harness.duplicate(commandsTo("inventory"));
 * harness.crashAfter(transition().stepSucceeded("reserve-inventory"));
 * SagaRun run = harness.run(placeOrder, order);
 * assertThat(run).isCompensated().compensatedInReverseOrder();
 * }</pre>
 *
 * <p>{@link #run} drives the saga to its end: it waits until no message is in flight, then moves the clock to the
 * next due timer or held message, fires it, and so on; after a simulated crash it builds a fresh engine on the same
 * store and broker. Declare sagas, participants and faults before the first run; faults take effect at once.
 *
 * <p>Not thread-safe: one test thread drives a harness. Close it (or let {@link SagaTest} do so).
 *
 * @since 0.1
 */
public final class SagaHarness implements AutoCloseable {
    /** How long one run may take in real time before the harness gives up. */
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(20);

    private final SagaTestEnvironment environment;
    private final long seed;
    private final HarnessClock clock = new HarnessClock();
    private final CrashPlan crashPlan = new CrashPlan();
    private final FaultyParticipants faultyParticipants = new FaultyParticipants();
    private final FaultyBroker broker;
    private final SagaEngineConfig engineConfig;
    private final Duration runTimeout;
    private final List<SagaDefinition<?>> definitions = new ArrayList<>();
    private final List<Participant> participants = new ArrayList<>();
    private final Generations generations;
    private @Nullable ParticipantRuntime runtime;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private SagaHarness(Builder builder) {
        this.seed = builder.seed;
        this.environment = builder.environment.create(builder.name);
        this.engineConfig = builder.engineConfig;
        this.runTimeout = builder.runTimeout;
        this.broker = new FaultyBroker(environment.broker(), clock, new SplittableRandom(seed), this::crashed);
        this.generations = new Generations(broker, environment.store(), crashPlan, clock, engineConfig, definitions);
    }

    /** @return a builder: in-memory environment, a random seed */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a harness on the in-memory environment with a random seed */
    public static SagaHarness inMemory() {
        return builder().build();
    }

    /** @param sagas definitions to run @return this harness */
    public SagaHarness register(SagaDefinition<?>... sagas) {
        requireNotStarted("register sagas");
        definitions.addAll(List.of(sagas));
        return this;
    }

    /** @param hosted the participants to host, with their real handlers @return this harness */
    public SagaHarness participants(Participant... hosted) {
        return participants(List.of(hosted));
    }

    /** @param hosted the participants to host, with their real handlers @return this harness */
    public SagaHarness participants(List<Participant> hosted) {
        requireNotStarted("add participants");
        participants.addAll(hosted);
        return this;
    }

    /** @param step a participant step @return its action's fault, throwing always until configured otherwise */
    public StepFault failStep(String step) {
        StepFault fault = new StepFault(step, Direction.FORWARD);
        faultyParticipants.add(fault);
        return fault;
    }

    /** @param step a step with a participant compensation @return the compensation's fault, throwing always */
    public StepFault failCompensation(String step) {
        StepFault fault = new StepFault(step, Direction.COMPENSATION);
        faultyParticipants.add(fault);
        return fault;
    }

    /** @param messages which @return the fault: each matching message is delivered twice */
    public MessageFault duplicate(Messages messages) {
        return addMessageFault(new MessageFault(MessageFault.Kind.DUPLICATE, messages, null));
    }

    /** @param messages which @return the fault: matching messages are lost for good */
    public MessageFault drop(Messages messages) {
        return addMessageFault(new MessageFault(MessageFault.Kind.DROP, messages, null));
    }

    /** @param messages which @param delay how long @return the fault: held until the clock passes the delay */
    public MessageFault delay(Messages messages, Duration delay) {
        return addMessageFault(new MessageFault(MessageFault.Kind.DELAY, messages, delay));
    }

    /** @param messages which @return the fault: delivered after the next message to the same destination */
    public MessageFault reorder(Messages messages) {
        return addMessageFault(new MessageFault(MessageFault.Kind.REORDER, messages, null));
    }

    /** @param messages which @return the fault: the first delivery fails unacknowledged and is redelivered */
    public MessageFault failFirstDelivery(Messages messages) {
        return addMessageFault(new MessageFault(MessageFault.Kind.FAIL_FIRST_DELIVERY, messages, null));
    }

    /** @param step a participant step @param delay how late @return the fault on the step's replies */
    public MessageFault replyLate(String step, Duration delay) {
        return delay(Messages.repliesOf(step), delay);
    }

    /** @param step a participant step @return the fault: its replies never come */
    public MessageFault replyNever(String step) {
        return drop(Messages.repliesOf(step));
    }

    /** @param transition the first persisted transition it matches is followed by a crash and a restart */
    public void crashAfter(Transitions transition) {
        crashAfter(transition, 1);
    }

    /**
     * @param transition which persisted transitions count
     * @param occurrence crash after the n-th of them, from 1
     */
    public void crashAfter(Transitions transition, int occurrence) {
        if (occurrence < 1) {
            throw new IllegalArgumentException("occurrence counts from 1, was " + occurrence);
        }
        crashPlan.add(transition, occurrence);
    }

    /**
     * Starts a saga and drives it to its end.
     *
     * @param definition a registered saga
     * @param data its data
     * @param <D> the data type
     * @return the settled saga and what it sent
     * @throws SagaHarnessException if it does not settle (waits for ever, or exceeds the run timeout)
     */
    public <D> SagaRun run(SagaDefinition<D> definition, D data) {
        return awaitSettled(start(definition, data));
    }

    /**
     * Starts a saga without driving it; {@link #awaitSettled} drives it.
     *
     * @param definition a registered saga
     * @param data its data
     * @param <D> the data type
     * @return its id, even when the orchestrator crashed while starting it
     */
    public <D> SagaId start(SagaDefinition<D> definition, D data) {
        startIfNeeded();
        try {
            return engine().startSaga(definition, data);
        } catch (SimulatedCrash crash) {
            return crash.persisted().id();
        }
    }

    /**
     * Drives a saga until it settles and every message and held message has been delivered.
     *
     * @param id the saga
     * @return the settled saga
     * @throws SagaHarnessException if it does not settle
     */
    public SagaRun awaitSettled(SagaId id) {
        startIfNeeded();
        new Driver(this, id, runTimeout).drive();
        return SagaRun.of(engine().find(id).orElseThrow(() -> new SagaHarnessException("no saga " + id)),
                broker.published(), definitions, generations.crashes(), seed);
    }

    private void crashed(SimulatedCrash crash) {
        generations.crashed(crash);
    }

    boolean restartIfCrashed() {
        return generations.restartIfCrashed();
    }

    boolean crashPending() {
        return generations.crashPending();
    }

    private void startIfNeeded() {
        if (generations.started()) {
            return;
        }
        ParticipantRuntime.Builder builder = ParticipantRuntime.builder().broker(broker)
                .inbox(environment.inbox(broker)).clock(clock);
        participants.forEach(p -> builder.participant(faultyParticipants.wrap(p)));
        if (!participants.isEmpty()) {
            runtime = builder.build();
            runtime.start();
        }
        generations.start();
    }

    private MessageFault addMessageFault(MessageFault fault) {
        broker.add(fault);
        return fault;
    }

    private void requireNotStarted(String what) {
        if (generations.started()) {
            throw new IllegalStateException("cannot " + what + " after the harness has started a saga");
        }
    }

    /** @return the current engine generation's engine; a new one after every crash */
    public SagaEngine engine() {
        startIfNeeded();
        return generations.engine();
    }

    FaultyBroker broker() {
        return broker;
    }

    SagaTestEnvironment environment() {
        return environment;
    }

    /** @return the clock every engine and participant of this harness reads */
    public HarnessClock clock() {
        return clock;
    }

    /** @return the seed of this harness's random choices */
    public long seed() {
        return seed;
    }

    /** @return every persisted transition so far, in order, as readable lines */
    public List<String> transitions() {
        return crashPlan.transitions();
    }

    /** @return every message published so far, before faults, oldest first */
    public List<Envelope> publishedMessages() {
        return broker.published();
    }

    /** @return every saga event the engines reported, oldest first */
    public List<SagaEvent> events() {
        return generations.events();
    }

    /** @return how many simulated crashes happened */
    public int crashes() {
        return generations.crashes();
    }

    /**
     * Stops participants and the engine and closes the environment; in the background when the environment allows
     * it ({@link SagaTestEnvironment#closeInBackground()}), since joining consumer threads takes a poll interval each.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ParticipantRuntime participantRuntime = runtime;
        Runnable closing = () -> {
            if (participantRuntime != null) {
                participantRuntime.close();
            }
            generations.close();
            environment.close();
        };
        if (environment.closeInBackground()) {
            Thread.ofVirtual().name("sagaflow-test-close").start(closing);
        } else {
            closing.run();
        }
    }

    /** Assembles a {@link SagaHarness}. */
    public static final class Builder {
        private SagaTestEnvironment.Factory environment = new InMemoryEnvironment();
        private long seed = new SplittableRandom().nextLong();
        private String name = "h" + UUID.randomUUID().toString().substring(0, 8);
        private SagaEngineConfig engineConfig = SagaEngineConfig.builder()
                // The harness fires timers itself after moving the clock; the engine's own poll stays out of the way.
                .timerPollInterval(Duration.ofMinutes(10)).build();
        private Duration runTimeout = DEFAULT_RUN_TIMEOUT;

        private Builder() {
        }

        /** @param factory makes the broker and store @return this builder */
        public Builder environment(SagaTestEnvironment.Factory factory) {
            this.environment = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** @param randomSeed the seed of every random choice, to reproduce a run @return this builder */
        public Builder seed(long randomSeed) {
            this.seed = randomSeed;
            return this;
        }

        /** @param harnessName unique name passed to the environment @return this builder */
        public Builder name(String harnessName) {
            this.name = Objects.requireNonNull(harnessName, "harnessName");
            return this;
        }

        /** @param config the engines' settings @return this builder */
        public Builder engineConfig(SagaEngineConfig config) {
            this.engineConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** @param timeout real time one run may take @return this builder */
        public Builder runTimeout(Duration timeout) {
            this.runTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** @return the harness */
        public SagaHarness build() {
            return new SagaHarness(this);
        }
    }
}

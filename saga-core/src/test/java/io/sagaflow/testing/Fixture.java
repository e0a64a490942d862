package io.sagaflow.testing;

import io.sagaflow.ParticipantRuntime;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaEngineConfig;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import java.time.Duration;
import java.time.InstantSource;

/** An engine, an in-memory broker and store, and a scripted participant, closed together. */
public final class Fixture implements AutoCloseable {
    public static final RetryPolicy FAST = RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(1),
            Duration.ofMillis(5));

    public final InMemoryMessageBroker broker;
    public final InMemorySagaStore store = new InMemorySagaStore();
    public final ScriptedParticipant participant;
    public final SagaEngine engine;
    public final ParticipantRuntime runtime;

    public Fixture(SagaDefinition<?> definition, ScriptedParticipant participant) {
        this(definition, participant, InstantSource.system());
    }

    public Fixture(SagaDefinition<?> definition, ScriptedParticipant participant, InstantSource clock) {
        this(definition, participant, clock, InMemoryMessageBroker.Dispatch.QUEUED);
    }

    public Fixture(SagaDefinition<?> definition, ScriptedParticipant participant, InstantSource clock,
                   InMemoryMessageBroker.Dispatch dispatch) {
        this.broker = new InMemoryMessageBroker(3, Duration.ofMillis(5), 2, dispatch);
        this.participant = participant;
        this.engine = SagaEngine.builder().broker(broker).store(store).clock(clock)
                .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(20)).build())
                .register(definition).build();
        this.runtime = ParticipantRuntime.builder().broker(broker).participant(participant.participant()).build();
        engine.start();
        runtime.start();
    }

    /** A saga of compensatable participant steps, all at participant "svc", with fast retries. */
    public static SagaDefinition<Order> compensatable(String... steps) {
        SagaDefinition.Builder<Order> builder = SagaDefinition.builder("chain", Order.class);
        for (String step : steps) {
            builder.step(step)
                    .invokeParticipant("svc", o -> new ScriptedParticipant.Do(step, o.id()))
                    .onReply(ScriptedParticipant.Done.class, (o, r) -> o.with(r.step()))
                    .withCompensation("svc", o -> new ScriptedParticipant.Undo(step, o.id()))
                    .retry(FAST)
                    .compensationRetry(FAST);
        }
        return builder.build();
    }

    @Override
    public void close() {
        runtime.close();
        engine.close();
        broker.close();
    }
}

package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An in-memory store that forgets ended sagas at once still lets a caller wait for the end: the engine answers
 * {@code whenSettled} from the record it has just written, not from a look-up that may come too late.
 */
class EndedSagaRetentionTest {
    @Test
    void whenSettledAnswersEvenIfTheStoreHasAlreadyForgottenTheSaga() throws Exception {
        SagaDefinition<Order> definition = Fixture.compensatable("reserve", "charge");
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        InMemorySagaStore store = new InMemorySagaStore(0);
        try (InMemoryMessageBroker broker = new InMemoryMessageBroker();
             SagaEngine engine = SagaEngine.builder().broker(broker).store(store).register(definition).build();
             ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                     .participant(svc.participant()).build()) {
            engine.start();
            SagaId id = engine.startSaga(definition, Order.of("o-1"));
            var settled = engine.whenSettled(id); // registered while the saga waits for its first reply
            runtime.start();

            SagaInstance done = settled.get(10, TimeUnit.SECONDS);

            assertThat(done.status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(((Order) done.data()).applied()).containsExactly("reserve", "charge");
            assertThat(engine.find(id)).as("the store kept no ended saga").isEmpty();
            assertThat(store.size()).isZero();
            assertThat(engine.whenSettled(id)).failsWithin(java.time.Duration.ofSeconds(1))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(UnknownSagaException.class)
                    .withMessageContaining("no saga with id " + id);
        }
    }
}

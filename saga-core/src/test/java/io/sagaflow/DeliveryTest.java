package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import io.sagaflow.testing.TamperingBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Duplicate, late and lost messages. */
class DeliveryTest {
    private final InMemoryMessageBroker inner = new InMemoryMessageBroker(3, Duration.ofMillis(5), 2);
    private final TamperingBroker broker = new TamperingBroker(inner);
    private final InMemorySagaStore store = new InMemorySagaStore();

    private SagaEngine engine(SagaDefinition<?> definition) {
        SagaEngine engine = SagaEngine.builder().broker(broker).store(store).register(definition)
                .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(20)).build()).build();
        engine.start();
        return engine;
    }

    private ParticipantRuntime participants(ScriptedParticipant participant) {
        ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                .participant(participant.participant()).build();
        runtime.start();
        return runtime;
    }

    @Test
    void duplicateCommandsAndRepliesChangeNothing() throws Exception {
        broker.duplicate(e -> true);
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b", "c");
        try (SagaEngine engine = engine(definition); ParticipantRuntime runtime = participants(svc)) {
            SagaInstance saga = engine.whenSettled(engine.startSaga(definition, Order.of("d1")))
                    .get(10, TimeUnit.SECONDS);

            assertThat(saga.status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(saga.data(Order.class).applied()).containsExactly("a", "b", "c");
            // The inbox ran each command once although every command arrived twice.
            assertThat(svc.ledger()).containsExactly("do:a:d1", "do:b:d1", "do:c:d1");
            assertThat(saga.history()).filteredOn(h -> h.event() == HistoryEvent.SUCCEEDED).hasSize(3);
            assertThat(inner.deadLetters()).isEmpty();
        }
    }

    @Test
    void aLateReplyForASettledStepChangesNothing() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b");
        try (SagaEngine engine = engine(definition); ParticipantRuntime runtime = participants(svc)) {
            SagaId id = engine.startSaga(definition, Order.of("late"));
            SagaInstance done = engine.whenSettled(id).get(10, TimeUnit.SECONDS);
            Envelope firstReply = broker.replies().get(0);

            // A copy of step a's success reply arrives again, and a forged failure for it too.
            broker.publish(List.of(firstReply, new Envelope(Envelope.newMessageId(), MessageKind.REPLY_FAILURE,
                    firstReply.destination(), null, firstReply.sagaId(), firstReply.sagaType(), firstReply.step(),
                    firstReply.correlationId(), null, firstReply.createdAt(),
                    java.util.Map.of(Envelope.REASON, "too late"), new byte[0])));

            await().atMost(Duration.ofSeconds(5)).until(() -> inner.queued(
                    io.sagaflow.spi.Destination.replies("default"), "default") == 0);
            SagaInstance after = engine.find(id).orElseThrow();
            assertThat(after.version()).isEqualTo(done.version());
            assertThat(after.status()).isEqualTo(SagaStatus.COMPLETED);
        }
    }

    @Test
    void aLostReplyIsRecoveredByTheTimeoutAndTheInboxAnswersTheRetry() throws Exception {
        // The first reply to step b is lost; the step times out and re-sends the command.
        java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();
        broker.drop(e -> e.kind() == MessageKind.REPLY_SUCCESS && "b".equals(e.step()) && lost.compareAndSet(false,
                true));
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        SagaDefinition<Order> definition = SagaDefinition.builder("lossy", Order.class)
                .step("a").invokeParticipant("svc", o -> new ScriptedParticipant.Do("a", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("a", o.id()))
                .step("b").invokeParticipant("svc", o -> new ScriptedParticipant.Do("b", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("b", o.id()))
                .timeout(Duration.ofMillis(200)).retry(Fixture.FAST)
                .build();
        try (SagaEngine engine = engine(definition); ParticipantRuntime runtime = participants(svc)) {
            SagaInstance saga = engine.whenSettled(engine.startSaga(definition, Order.of("lost")))
                    .get(10, TimeUnit.SECONDS);

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(saga.history()).filteredOn(h -> h.event() == HistoryEvent.TIMED_OUT).hasSize(1);
            // The retry is a new command: the participant must make it idempotent with ctx.idempotencyKey().
            assertThat(svc.calls()).containsExactly("do:a:lost", "do:b:lost", "do:b:lost");
        }
    }

    @Test
    void aReplyForAnUnknownSagaIsDeadLetteredWithItsReason() {
        SagaDefinition<Order> definition = Fixture.compensatable("a");
        try (SagaEngine engine = engine(definition)) {
            String unknown = SagaId.random().value();
            broker.publish(List.of(new Envelope("m-1", MessageKind.REPLY_SUCCESS,
                    io.sagaflow.spi.Destination.replies("default"), null, unknown, "chain", "a", "c-1", null,
                    java.time.Instant.now(), java.util.Map.of(), new byte[0])));

            await().atMost(Duration.ofSeconds(5)).until(() -> !inner.deadLetters().isEmpty());
            assertThat(inner.deadLetters().get(0).reason())
                    .isEqualTo("reply m-1 to step 'a' names unknown saga " + unknown);
        }
    }
}

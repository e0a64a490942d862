package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import io.sagaflow.testing.ScriptedParticipant.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CompensationTest {
    private static final List<String> STEPS = List.of("a", "b", "c", "d");

    /** @return how the broker of every test here hands messages on; a subclass runs them all with the other */
    InMemoryMessageBroker.Dispatch dispatch() {
        return InMemoryMessageBroker.Dispatch.QUEUED;
    }

    private Fixture fixture(SagaDefinition<?> definition, ScriptedParticipant participant) {
        return new Fixture(definition, participant, java.time.InstantSource.system(), dispatch());
    }

    private static SagaInstance settle(Fixture fixture, SagaId id) throws Exception {
        return fixture.engine.whenSettled(id).get(10, TimeUnit.SECONDS);
    }

    @Test
    void completesWhenEveryStepSucceedsAndAppliesEveryReply() throws Exception {
        try (Fixture f = fixture(Fixture.compensatable("a", "b", "c", "d"), new ScriptedParticipant("svc"))) {
            SagaId id = f.engine.startSaga(Fixture.compensatable("a", "b", "c", "d"), Order.of("o1"));
            SagaInstance saga = settle(f, id);

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(saga.data(Order.class).applied()).containsExactly("a", "b", "c", "d");
            assertThat(f.participant.ledger()).containsExactly("do:a:o1", "do:b:o1", "do:c:o1", "do:d:o1");
            assertThat(saga.compensatedSteps()).isEmpty();
        }
    }

    @ParameterizedTest(name = "step {0} of 4 refused")
    @ValueSource(ints = {0, 1, 2, 3})
    void aFailureAtEachPositionCompensatesExactlyTheCompletedStepsInReverse(int failing) throws Exception {
        String failingStep = STEPS.get(failing);
        ScriptedParticipant svc = new ScriptedParticipant("svc").plan("do:" + failingStep, Plan.REJECT);
        SagaDefinition<Order> definition = Fixture.compensatable(STEPS.toArray(String[]::new));
        try (Fixture f = fixture(definition, svc)) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o1")));

            List<String> completed = STEPS.subList(0, failing);
            List<String> reversed = new ArrayList<>(completed);
            Collections.reverse(reversed);
            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(saga.completedSteps()).containsExactlyElementsOf(completed);
            assertThat(saga.compensatedSteps()).containsExactlyElementsOf(reversed);
            List<String> expectedLedger = new ArrayList<>();
            completed.forEach(s -> expectedLedger.add("do:" + s + ":o1"));
            reversed.forEach(s -> expectedLedger.add("undo:" + s + ":o1"));
            assertThat(svc.ledger()).containsExactlyElementsOf(expectedLedger);
            assertThat(saga.failureReason()).isEqualTo("step '" + failingStep + "' rejected: do:" + failingStep
                    + " refused for o1");
        }
    }

    @Test
    void aCompensationThatFailsIsRetriedUntilItSucceeds() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc")
                .plan("do:c", Plan.REJECT)
                .plan("undo:b", Plan.THROW, Plan.REJECT);
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b", "c");
        try (Fixture f = fixture(definition, svc)) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o2")));

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(saga.compensatedSteps()).containsExactly("b", "a");
            assertThat(svc.calls()).containsSubsequence("undo:b:o2", "undo:b:o2", "undo:b:o2", "undo:a:o2");
            assertThat(saga.history()).filteredOn(h -> h.event() == HistoryEvent.RETRY_SCHEDULED).hasSize(2);
        }
    }

    @Test
    void aCompensationThatNeverSucceedsEndsFailedWithItsReason() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc")
                .plan("do:b", Plan.REJECT)
                .plan("undo:a", Plan.THROW, Plan.THROW, Plan.THROW);
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b");
        try (Fixture f = fixture(definition, svc)) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o3")));

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.FAILED);
            assertThat(saga.failureReason())
                    .startsWith("compensation of step 'a' failed after 3 attempts: participant error: ")
                    .contains("undo:a crashed for o3");
            assertThat(saga.currentStep()).isEqualTo("a");
            assertThat(svc.ledger()).containsExactly("do:a:o3");
        }
    }

    @Test
    void aTechnicalFailureIsRetriedAndNeverTakenAsABusinessNo() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc").plan("do:b", Plan.THROW, Plan.THROW);
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b");
        try (Fixture f = fixture(definition, svc)) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o4")));

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(saga.history()).filteredOn(h -> h.event() == HistoryEvent.ERROR).hasSize(2);
            assertThat(svc.ledger()).containsExactly("do:a:o4", "do:b:o4");
        }
    }

    @Test
    void exhaustedTechnicalFailuresCompensateTheUncertainStepToo() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc").plan("do:b", Plan.THROW, Plan.THROW, Plan.THROW);
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b");
        try (Fixture f = fixture(definition, svc)) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o5")));

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(saga.compensatedSteps()).containsExactly("b", "a");
            assertThat(saga.failureReason()).startsWith("step 'b' failed after 3 attempts");
        }
    }

    @Test
    void localStepsRunInTheOrchestratorAndCompensateInReverse() throws Exception {
        List<String> effects = Collections.synchronizedList(new ArrayList<>());
        SagaDefinition<Order> definition = SagaDefinition.builder("local", Order.class)
                .step("one").invokeLocal(o -> {
                    effects.add("one");
                    return LocalResult.done(o.with("one"));
                }).withCompensation(o -> {
                    effects.add("undo-one");
                    return LocalResult.done(o);
                })
                .step("two").invokeLocal(o -> {
                    effects.add("two");
                    return LocalResult.done(o.with("two"));
                }).withCompensation(o -> {
                    effects.add("undo-two");
                    return LocalResult.done(o);
                })
                .step("three").invokeLocal(o -> LocalResult.rejected("no stock for " + o.id())).pivot()
                .build();
        try (Fixture f = fixture(definition, new ScriptedParticipant("svc"))) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o6")));

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(effects).containsExactly("one", "two", "undo-two", "undo-one");
            assertThat(saga.failureReason()).isEqualTo("step 'three' rejected: no stock for o6");
        }
    }

    @Test
    void retriableStepsAfterThePivotAreRetriedEvenOnBusinessFailureAndNeverCompensate() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc").plan("do:ship", Plan.REJECT, Plan.THROW);
        SagaDefinition<Order> definition = SagaDefinition.builder("pivoting", Order.class)
                .step("reserve").invokeParticipant("svc", o -> new ScriptedParticipant.Do("reserve", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("reserve", o.id()))
                .step("charge").invokeParticipant("svc", o -> new ScriptedParticipant.Do("charge", o.id())).pivot()
                .step("ship").invokeParticipant("svc", o -> new ScriptedParticipant.Do("ship", o.id())).retriable()
                .retry(RetryPolicy.forever().withBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
                .build();
        try (Fixture f = fixture(definition, svc)) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o7")));

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(svc.ledger()).containsExactly("do:reserve:o7", "do:charge:o7", "do:ship:o7");
        }
    }

    @Test
    void aPivotRefusalCompensatesOnlyTheStepsBeforeIt() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc").plan("do:charge", Plan.REJECT);
        SagaDefinition<Order> definition = SagaDefinition.builder("pivot-fails", Order.class)
                .step("reserve").invokeParticipant("svc", o -> new ScriptedParticipant.Do("reserve", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("reserve", o.id()))
                .step("charge").invokeParticipant("svc", o -> new ScriptedParticipant.Do("charge", o.id())).pivot()
                .build();
        try (Fixture f = fixture(definition, svc)) {
            SagaInstance saga = settle(f, f.engine.startSaga(definition, Order.of("o8")));

            assertThat(saga.status()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(svc.ledger()).containsExactly("do:reserve:o8", "undo:reserve:o8");
        }
    }

    @Test
    void manySagasRunConcurrentlyAndAFifthCompensate() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        int sagas = 1_000;
        IntStream.range(0, sagas).filter(i -> i % 5 == 0)
                .forEach(i -> svc.plan("do:c:" + i, Plan.REJECT));
        SagaDefinition<Order> definition = SagaDefinition.builder("bulk", Order.class)
                .step("a").invokeParticipant("svc", o -> new ScriptedParticipant.Do("a", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("a", o.id()))
                .step("b").invokeParticipant("svc", o -> new ScriptedParticipant.Do("b", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("b", o.id()))
                .step("c").invokeParticipant("svc", o -> new ScriptedParticipant.Do("c:" + o.id(), o.id())).pivot()
                .build();
        try (Fixture f = fixture(definition, svc)) {
            List<SagaId> ids = IntStream.range(0, sagas).parallel()
                    .mapToObj(i -> f.engine.startSaga(definition, Order.of(Integer.toString(i))))
                    .toList();
            List<SagaInstance> settled = new ArrayList<>();
            for (SagaId id : ids) {
                settled.add(f.engine.whenSettled(id).get(60, TimeUnit.SECONDS));
            }

            for (SagaInstance saga : settled) {
                int order = Integer.parseInt(saga.data(Order.class).id());
                SagaStatus expected = order % 5 == 0 ? SagaStatus.COMPENSATED : SagaStatus.COMPLETED;
                assertThat(saga.status()).as(saga.trace()).isEqualTo(expected);
            }
            assertThat(settled).filteredOn(s -> s.status() == SagaStatus.COMPENSATED).hasSize(sagas / 5);
            assertThat(svc.ledger()).filteredOn(l -> l.startsWith("undo:a:")).hasSize(sagas / 5);
            assertThat(svc.ledger()).filteredOn(l -> l.startsWith("do:a:")).hasSize(sagas);
            assertThat(f.store.outbox().pending()).isZero();
            assertThat(f.broker.deadLetters()).isEmpty();
        }
    }
}

package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import io.sagaflow.testing.ScriptedParticipant.Plan;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Idempotent start, status and history, and the operator's retry and abort. */
class StartAndOperateTest {

    @Test
    void startingTwiceWithOneBusinessKeyReturnsTheSameSaga() throws Exception {
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b");
        try (Fixture f = new Fixture(definition, new ScriptedParticipant("svc"))) {
            List<SagaId> ids = IntStream.range(0, 20).parallel()
                    .mapToObj(i -> f.engine.startSaga(definition, Order.of("k1"), "order-k1"))
                    .distinct().toList();

            assertThat(ids).hasSize(1);
            SagaInstance saga = f.engine.whenSettled(ids.get(0)).get(10, TimeUnit.SECONDS);
            assertThat(saga.businessKey()).isEqualTo("order-k1");
            assertThat(f.participant.ledger()).containsExactly("do:a:k1", "do:b:k1");
            assertThat(f.engine.startSaga(definition, Order.of("k2"), "order-k2")).isNotEqualTo(ids.get(0));
        }
    }

    @Test
    void historyRecordsEachStepAttemptOutcomeAndTime() throws Exception {
        SagaDefinition<Order> definition = Fixture.compensatable("a");
        try (Fixture f = new Fixture(definition, new ScriptedParticipant("svc"))) {
            SagaInstance saga = f.engine.whenSettled(f.engine.startSaga(definition, Order.of("h")))
                    .get(10, TimeUnit.SECONDS);

            assertThat(saga.history()).extracting(HistoryEntry::event).containsExactly(
                    HistoryEvent.SAGA_STARTED, HistoryEvent.COMMAND_SENT, HistoryEvent.SUCCEEDED,
                    HistoryEvent.SAGA_COMPLETED);
            assertThat(saga.history().get(1).step()).isEqualTo("a");
            assertThat(saga.history().get(1).attempt()).isEqualTo(1);
            assertThat(saga.history()).isSortedAccordingTo(
                    (x, y) -> x.at().compareTo(y.at()));
            assertThat(saga.trace()).contains("a #1 COMMAND_SENT: svc Do");
        }
    }

    @Test
    void aFailedSagaCanBeRetriedByAPerson() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc")
                .plan("do:b", Plan.REJECT).plan("undo:a", Plan.THROW, Plan.THROW, Plan.THROW);
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b");
        try (Fixture f = new Fixture(definition, svc)) {
            SagaId id = f.engine.startSaga(definition, Order.of("r"));
            assertThat(f.engine.whenSettled(id).get(10, TimeUnit.SECONDS).status()).isEqualTo(SagaStatus.FAILED);

            f.engine.retry(id);
            SagaInstance saga = f.engine.whenSettled(id).get(10, TimeUnit.SECONDS);

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(saga.history()).extracting(HistoryEntry::event).contains(HistoryEvent.MANUAL_RETRY);
            assertThat(svc.ledger()).containsExactly("do:a:r", "undo:a:r");
            assertThatThrownBy(() -> f.engine.retry(id)).isInstanceOf(IllegalSagaStateException.class)
                    .hasMessageContaining("is COMPENSATED, not FAILED");
        }
    }

    @Test
    void abortingAFailedCompensationSkipsItAndFinishesTheRest() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc")
                .plan("do:c", Plan.REJECT).plan("undo:b", Plan.THROW, Plan.THROW, Plan.THROW);
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b", "c");
        try (Fixture f = new Fixture(definition, svc)) {
            SagaId id = f.engine.startSaga(definition, Order.of("x"));
            assertThat(f.engine.whenSettled(id).get(10, TimeUnit.SECONDS).status()).isEqualTo(SagaStatus.FAILED);

            f.engine.abort(id, "refund done by hand, ticket 42");
            SagaInstance saga = f.engine.whenSettled(id).get(10, TimeUnit.SECONDS);

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(saga.compensatedSteps()).containsExactly("a");
            assertThat(saga.history()).anyMatch(h -> h.event() == HistoryEvent.MANUAL_ABORT
                    && "refund done by hand, ticket 42".equals(h.detail()));
        }
    }

    @Test
    void unknownDefinitionsAndSagasAreRefusedByName() {
        SagaDefinition<Order> registered = Fixture.compensatable("a");
        SagaDefinition<Order> other = SagaDefinition.builder("other", Order.class)
                .step("x").invokeLocal(LocalResult::done).pivot().build();
        try (Fixture f = new Fixture(registered, new ScriptedParticipant("svc"))) {
            assertThatThrownBy(() -> f.engine.startSaga(other, Order.of("u")))
                    .isInstanceOf(UnknownSagaException.class)
                    .hasMessageContaining("saga 'other' is not registered with this engine");
            SagaId missing = SagaId.random();
            assertThatThrownBy(() -> f.engine.retry(missing)).isInstanceOf(UnknownSagaException.class)
                    .hasMessage("no saga with id " + missing);
        }
    }

    @Test
    void aRetriableStepThatExhaustsAFiniteBudgetFailsAndAnAbortCompensatesWhatCanBe() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc")
                .plan("do:ship", Plan.REJECT, Plan.REJECT, Plan.REJECT);
        SagaDefinition<Order> definition = SagaDefinition.builder("finite", Order.class)
                .step("reserve").invokeParticipant("svc", o -> new ScriptedParticipant.Do("reserve", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("reserve", o.id()))
                .step("charge").invokeParticipant("svc", o -> new ScriptedParticipant.Do("charge", o.id())).pivot()
                .step("ship").invokeParticipant("svc", o -> new ScriptedParticipant.Do("ship", o.id())).retriable()
                .retry(Fixture.FAST.withBackoff(java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(2)))
                .build();
        try (Fixture f = new Fixture(definition, svc)) {
            SagaId id = f.engine.startSaga(definition, Order.of("fin"));
            SagaInstance failed = f.engine.whenSettled(id).get(10, TimeUnit.SECONDS);

            assertThat(failed.status()).as(failed.trace()).isEqualTo(SagaStatus.FAILED);
            assertThat(failed.failureReason())
                    .isEqualTo("step 'ship' failed after 3 attempts: do:ship refused for fin");
            assertThat(failed.compensatedSteps()).isEmpty();

            f.engine.abort(id, "customer cancelled after payment");
            SagaInstance aborted = f.engine.whenSettled(id).get(10, TimeUnit.SECONDS);

            // The pivot has no compensation: only what can be undone is undone.
            assertThat(aborted.status()).as(aborted.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(aborted.compensatedSteps()).containsExactly("reserve");
            assertThat(svc.ledger()).containsExactly("do:reserve:fin", "do:charge:fin",
                    "undo:reserve:fin");
        }
    }

    @Test
    void abortingARunningSagaCompensatesTheStepWhoseReplyIsAwaitedToo() throws Exception {
        // Nobody hosts "slow": its command is never answered, so the saga waits on step "wait".
        SagaDefinition<Order> definition = SagaDefinition.builder("awaiting", Order.class)
                .step("reserve").invokeParticipant("svc", o -> new ScriptedParticipant.Do("reserve", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("reserve", o.id()))
                .step("wait").invokeParticipant("slow", o -> new ScriptedParticipant.Do("wait", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("wait", o.id()))
                .build();
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        try (Fixture f = new Fixture(definition, svc)) {
            SagaId id = f.engine.startSaga(definition, Order.of("run"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> "wait".equals(f.engine.find(id).orElseThrow().currentStep()));

            f.engine.abort(id, "stuck for an hour");
            SagaInstance saga = f.engine.whenSettled(id).get(10, TimeUnit.SECONDS);

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            // The awaited command may have taken effect: its compensation runs first, then the earlier step's.
            assertThat(saga.compensatedSteps()).containsExactly("wait", "reserve");
            assertThat(saga.failureReason()).isEqualTo("aborted: stuck for an hour");
            assertThatThrownBy(() -> f.engine.abort(id, "again")).isInstanceOf(IllegalSagaStateException.class)
                    .hasMessageContaining("has already ended COMPENSATED");
        }
    }
}

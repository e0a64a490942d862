package io.sagaflow.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.LocalResult;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.StepAction;
import io.sagaflow.StepRole;
import io.sagaflow.annotation.Shop.OrderData;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnnotatedSagasTest {

    @Test
    void compilesStepsInDeclaredOrderWithRolesTimeoutsAndReplyTypes() {
        SagaDefinition<?> definition = AnnotatedSagas.definitionOf(new Shop.PlaceOrderSaga());

        assertThat(definition.name()).isEqualTo("place-order");
        assertThat(definition.dataType()).isEqualTo(OrderData.class);
        assertThat(definition.steps()).extracting(s -> s.name())
                .containsExactly("validate", "reserve-inventory", "charge-payment", "notify");
        assertThat(definition.steps()).extracting(s -> s.role())
                .containsExactly(StepRole.COMPENSATABLE, StepRole.COMPENSATABLE, StepRole.PIVOT, StepRole.RETRIABLE);
        assertThat(definition.step(0).action()).isInstanceOf(StepAction.Local.class);
        assertThat(definition.step(0).compensation()).isInstanceOf(StepAction.Local.class);
        assertThat(definition.step(1).action()).isInstanceOfSatisfying(StepAction.Command.class,
                c -> assertThat(c.participant()).isEqualTo("inventory"));
        assertThat(definition.step(1).timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(definition.step(2).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(definition.step(2).retry()).isEqualTo(RetryPolicy.attempts(2));
        assertThat(definition.step(3).action()).isInstanceOfSatisfying(StepAction.Event.class,
                e -> assertThat(e.topic()).isEqualTo("order-events"));
        assertThat(definition.payloadTypes().asMap()).containsOnlyKeys("StockReserved");
    }

    @Test
    void runsAnAnnotatedSagaWithAnnotatedParticipantsToCompletionAndCompensation() throws Exception {
        Shop.Inventory inventory = new Shop.Inventory();
        Shop.Payment payment = new Shop.Payment();
        SagaDefinition<?> definition = AnnotatedSagas.definitionOf(new Shop.PlaceOrderSaga());
        try (InMemoryMessageBroker broker = new InMemoryMessageBroker();
             SagaEngine engine = SagaEngine.builder().broker(broker).register(definition).build();
             ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                     .participant(AnnotatedParticipants.participantOf(inventory))
                     .participant(AnnotatedParticipants.participantOf(payment)).build()) {
            runtime.start();
            engine.start();
            @SuppressWarnings("unchecked")
            SagaDefinition<OrderData> typed = (SagaDefinition<OrderData>) definition;

            SagaId ok = engine.startSaga(typed, new OrderData("o-1", 10, null, "new"));
            SagaInstance completed = engine.whenSettled(ok).get(10, TimeUnit.SECONDS);
            assertThat(completed.status()).as(completed.trace()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(completed.data(OrderData.class).reservation()).isEqualTo("r-o-1");

            payment.refuse = true;
            SagaId refused = engine.startSaga(typed, new OrderData("o-2", 10, null, "new"));
            SagaInstance compensated = engine.whenSettled(refused).get(10, TimeUnit.SECONDS);
            assertThat(compensated.status()).as(compensated.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(compensated.compensatedSteps()).containsExactly("reserve-inventory", "validate");
            assertThat(compensated.data(OrderData.class).status()).isEqualTo("cancelled");
            assertThat(inventory.log).contains("reserve o-2 reserve-inventory", "release o-2");
        }
    }

    @Test
    void refusesAClassWithoutTheAnnotation() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new Object()))
                .isInstanceOf(SagaDefinitionException.class)
                .hasMessage("class java.lang.Object is not annotated @Saga");
    }

    @Saga(name = "no-comp", data = OrderData.class)
    static class MissingCompensation {
        @Step(name = "reserve", order = 1, participant = "inventory")
        Shop.ReserveStock reserve(OrderData order) {
            return new Shop.ReserveStock(order.id());
        }
    }

    @Test
    void namesTheStepMethodOfACompensatableStepWithoutCompensation() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new MissingCompensation()))
                .isInstanceOf(SagaDefinitionException.class)
                .hasMessageContaining("class " + MissingCompensation.class.getName() + ", method reserve(OrderData)")
                .hasMessageContaining("step 'reserve' is COMPENSATABLE but has no @Compensation");
    }

    @Saga(name = "dup", data = OrderData.class)
    static class DuplicateStep {
        @Step(name = "a", order = 1, topic = "t", role = StepRole.RETRIABLE)
        Shop.OrderPlaced first(OrderData order) {
            return new Shop.OrderPlaced(order.id());
        }

        @Step(name = "a", order = 2, topic = "t", role = StepRole.RETRIABLE)
        Shop.OrderPlaced second(OrderData order) {
            return new Shop.OrderPlaced(order.id());
        }
    }

    @Test
    void refusesADuplicateStepNamingBothMethods() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new DuplicateStep()))
                .hasMessageContaining("method second(OrderData): duplicate step 'a', already declared by method first");
    }

    @Saga(name = "dup-order", data = OrderData.class)
    static class DuplicateOrder {
        @Step(name = "a", order = 1, topic = "t", role = StepRole.RETRIABLE)
        Shop.OrderPlaced first(OrderData order) {
            return new Shop.OrderPlaced(order.id());
        }

        @Step(name = "b", order = 1, topic = "t", role = StepRole.RETRIABLE)
        Shop.OrderPlaced second(OrderData order) {
            return new Shop.OrderPlaced(order.id());
        }
    }

    @Test
    void refusesTwoStepsWithOneOrder() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new DuplicateOrder()))
                .hasMessageContaining("step 'b' has order 1, already used by method first");
    }

    @Saga(name = "bad-signature", data = OrderData.class)
    static class WrongSignature {
        @Step(name = "a", order = 1, topic = "t", role = StepRole.RETRIABLE)
        Shop.OrderPlaced first(String notTheData) {
            return new Shop.OrderPlaced(notTheData);
        }
    }

    @Test
    void refusesAStepMethodThatDoesNotTakeTheSagaData() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new WrongSignature()))
                .hasMessageContaining("method first(String): must take exactly the saga data (OrderData)");
    }

    interface Command {
    }

    @Saga(name = "interface-command", data = OrderData.class)
    static class InterfaceCommand {
        @Step(name = "a", order = 1, participant = "p", role = StepRole.PIVOT)
        Command first(OrderData order) {
            return new Command() {
            };
        }
    }

    @Test
    void refusesAnInterfaceAsCommandType() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new InterfaceCommand()))
                .hasMessageContaining("method first(OrderData)")
                .hasMessageContaining("is an open interface or abstract class");
    }

    @Saga(name = "primitive-reply", data = OrderData.class)
    static class PrimitiveReply {
        @Step(name = "a", order = 1, participant = "p", role = StepRole.PIVOT)
        Shop.Charge first(OrderData order) {
            return new Shop.Charge(order.id(), 1);
        }

        @OnReply(step = "a")
        OrderData replied(OrderData order, int reply) {
            return order;
        }
    }

    @Test
    void refusesAPrimitiveReplyType() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new PrimitiveReply()))
                .hasMessageContaining("method replied(OrderData, int): reply payload type int is not a registrable");
    }

    static final class Other {
        record StockReserved(String id) {
        }
    }

    @Saga(name = "clash", data = OrderData.class)
    static class ReplyNameClash {
        @Step(name = "a", order = 1, participant = "p", role = StepRole.PIVOT)
        Shop.Charge first(OrderData order) {
            return new Shop.Charge(order.id(), 1);
        }

        @OnReply(step = "a")
        OrderData one(OrderData order, Shop.StockReserved reply) {
            return order;
        }

        @OnReply(step = "a")
        OrderData two(OrderData order, Other.StockReserved reply) {
            return order;
        }
    }

    @Test
    void refusesTwoReplyTypesWithOneName() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new ReplyNameClash()))
                .hasMessageContaining("method two(OrderData, StockReserved): reply type clash with method one")
                .hasMessageContaining("is registered for both");
    }

    @Saga(name = "unknown-step", data = OrderData.class)
    static class CompensationOfUnknownStep {
        @Step(name = "a", order = 1, local = true, role = StepRole.PIVOT)
        LocalResult<OrderData> first(OrderData order) {
            return LocalResult.done(order);
        }

        @Compensation(step = "b", local = true)
        LocalResult<OrderData> undo(OrderData order) {
            return LocalResult.done(order);
        }
    }

    @Test
    void refusesACompensationOfAStepThatDoesNotExist() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new CompensationOfUnknownStep()))
                .hasMessageContaining("method undo(OrderData): @Compensation names step 'b', which no @Step method "
                        + "declares; steps: [a]");
    }

    @Saga(name = "two-kinds", data = OrderData.class)
    static class TwoKinds {
        @Step(name = "a", order = 1, participant = "p", topic = "t", role = StepRole.PIVOT)
        Shop.Charge first(OrderData order) {
            return new Shop.Charge(order.id(), 1);
        }
    }

    @Test
    void refusesAStepOfTwoKinds() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new TwoKinds()))
                .hasMessageContaining("@Step must set exactly one of participant, topic and local = true; it sets 2");
    }

    @Saga(name = "bad timeout", data = OrderData.class)
    static class BadName {
        @Step(name = "a", order = 1, local = true, role = StepRole.PIVOT)
        LocalResult<OrderData> first(OrderData order) {
            return LocalResult.done(order);
        }
    }

    @Test
    void reportsWhatTheBuilderRefusesWithTheClass() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new BadName()))
                .hasMessageStartingWith("class " + BadName.class.getName() + ": saga name 'bad timeout' must match");
    }

    @Saga(name = "after-pivot", data = OrderData.class)
    static class CompensatableAfterPivot {
        @Step(name = "a", order = 1, local = true, role = StepRole.PIVOT)
        LocalResult<OrderData> first(OrderData order) {
            return LocalResult.done(order);
        }

        @Step(name = "b", order = 2, local = true)
        LocalResult<OrderData> second(OrderData order) {
            return LocalResult.done(order);
        }

        @Compensation(step = "b", local = true)
        LocalResult<OrderData> undo(OrderData order) {
            return LocalResult.done(order);
        }
    }

    @Test
    void refusesACompensatableStepAfterThePivot() {
        assertThatThrownBy(() -> AnnotatedSagas.definitionOf(new CompensatableAfterPivot()))
                .hasMessageContaining("step 'b' is compensatable but comes after the pivot 'a'");
    }
}

package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.testing.Order;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SagaDefinitionTest {
    record Cmd(String id) { }

    record Reply(String id) { }

    @Test
    void buildsAnImmutableDefinitionWithRolesInOrder() {
        SagaDefinition<Order> definition = SagaDefinition.builder("place-order", Order.class)
                .step("reserve").invokeParticipant("inventory", o -> new Cmd(o.id()))
                .onReply(Reply.class, (o, r) -> o.with(r.id()))
                .withCompensation("inventory", o -> new Cmd(o.id()))
                .step("charge").invokeParticipant("payment", o -> new Cmd(o.id())).pivot()
                .step("confirm").publish("orders", o -> new Cmd(o.id())).retriable()
                .build();

        assertThat(definition.steps()).extracting(StepDefinition::role)
                .containsExactly(StepRole.COMPENSATABLE, StepRole.PIVOT, StepRole.RETRIABLE);
        assertThat(definition.step("confirm").orElseThrow().retry().maxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(definition.payloadTypes().classFor("Reply")).isEqualTo(Reply.class);
        assertThatThrownBy(() -> definition.steps().add(definition.step(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesDuplicateStepNamesNamingSagaAndStep() {
        assertThatThrownBy(() -> SagaDefinition.builder("place-order", Order.class)
                .step("reserve").invokeLocal(o -> LocalResult.done(o)).pivot()
                .step("reserve"))
                .isInstanceOf(SagaDefinitionException.class)
                .hasMessage("saga 'place-order': duplicate step name 'reserve'");
    }

    @Test
    void refusesCompensatableStepWithoutCompensation() {
        assertThatThrownBy(() -> SagaDefinition.builder("place-order", Order.class)
                .step("reserve").invokeParticipant("inventory", o -> new Cmd(o.id()))
                .build())
                .isInstanceOf(SagaDefinitionException.class)
                .hasMessageContaining("saga 'place-order': step 'reserve' is compensatable but has no compensation");
    }

    @Test
    void refusesCompensatableStepAfterThePivot() {
        assertThatThrownBy(() -> SagaDefinition.builder("place-order", Order.class)
                .step("charge").invokeParticipant("payment", o -> new Cmd(o.id())).pivot()
                .step("reserve").invokeParticipant("inventory", o -> new Cmd(o.id()))
                .withCompensation("inventory", o -> new Cmd(o.id()))
                .build())
                .isInstanceOf(SagaDefinitionException.class)
                .hasMessageContaining("step 'reserve' is compensatable but comes after the pivot 'charge'");
    }

    @Test
    void refusesSecondPivotAndPivotAfterRetriable() {
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class)
                .step("a").invokeLocal(LocalResult::done).pivot()
                .step("b").invokeLocal(LocalResult::done).pivot()
                .build())
                .hasMessageContaining("step 'b' is a second pivot; 'a' is already the pivot");
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class)
                .step("a").invokeLocal(LocalResult::done).retriable()
                .step("b").invokeLocal(LocalResult::done).pivot()
                .build())
                .hasMessageContaining("step 'b' is the pivot but comes after the retriable step 'a'");
    }

    @Test
    void refusesStepWithoutActionAndActionSetTwice() {
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class).step("a").pivot().build())
                .hasMessageContaining("saga 's': step 'a' has no action");
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class).step("a")
                .invokeLocal(LocalResult::done).invokeLocal(LocalResult::done))
                .hasMessage("saga 's': step 'a' already has an action");
    }

    @Test
    void refusesRetriableStepWithCompensationAndReplyOnLocalStep() {
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class).step("a")
                .invokeLocal(LocalResult::done).withCompensation(LocalResult::done).retriable().build())
                .hasMessageContaining("step 'a' is retriable and so is never compensated");
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class).step("a")
                .invokeLocal(LocalResult::done).onReply(Reply.class, (o, r) -> o))
                .hasMessageContaining("onReply(Reply) needs invokeParticipant(..) first");
    }

    @Test
    void refusesEmptySagaBadNamesAndNonPositiveTimeouts() {
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class).build())
                .hasMessage("saga 's' has no steps");
        assertThatThrownBy(() -> SagaDefinition.builder("has space", Order.class))
                .hasMessageContaining("saga name 'has space' must match");
        assertThatThrownBy(() -> SagaDefinition.builder("s", Order.class).step("a").timeout(Duration.ZERO))
                .hasMessageContaining("step 'a' timeout must be positive, was PT0S");
    }

    @Test
    void payloadTypesRefuseConflictingNames() {
        record Other(String id) { }
        assertThatThrownBy(() -> PayloadTypes.builder().register("Cmd", Cmd.class).register("Cmd", Other.class))
                .isInstanceOf(SagaDefinitionException.class)
                .hasMessageContaining("payload type name 'Cmd' is registered for both");
        assertThatThrownBy(() -> PayloadTypes.empty().classFor("java.lang.Runtime"))
                .isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("'java.lang.Runtime' is not on the allowlist");
    }
}

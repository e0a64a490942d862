package io.sagaflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaDefinition;
import io.sagaflow.StepAction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyTypesTest {
    record Order(String id) {
    }

    record Reserve(String id) {
    }

    record Reserved(String id) {
    }

    record OutOfStock(String id) {
    }

    record Charge(String id) {
    }

    record Charged(String id) {
    }

    @SuppressWarnings("unchecked")
    private static SagaDefinition<Object> definition() {
        return (SagaDefinition<Object>) (SagaDefinition<?>) SagaDefinition.builder("order", Order.class)
                .step("reserve")
                .invokeParticipant("inventory", o -> new Reserve(o.id()))
                .onReply(Reserved.class, (o, r) -> o)
                .onReply(OutOfStock.class, (o, r) -> o)
                .pivot()
                .step("charge")
                .invokeParticipant("payment", o -> new Charge(o.id()))
                .onReply(Charged.class, (o, r) -> o)
                .retriable()
                .build();
    }

    private static StepAction.Command<?> command(SagaDefinition<Object> definition, int step) {
        return (StepAction.Command<?>) definition.steps().get(step).action();
    }

    @Test
    void findsEachHandlerClassOfAStepByItsLogicalNameAndNoOtherStepsClass() {
        SagaDefinition<Object> definition = definition();
        PayloadTypes types = PayloadTypes.builder().register("inventory.reserved.v1", Reserved.class).build();
        ReplyTypes replies = new ReplyTypes(List.of(definition), types);

        assertThat(replies.handled(command(definition, 0), "inventory.reserved.v1")).isEqualTo(Reserved.class);
        assertThat(replies.handled(command(definition, 0), "OutOfStock")).isEqualTo(OutOfStock.class);
        assertThat(replies.handled(command(definition, 0), "Reserved"))
                .as("a registered class answers to its registered name only").isNull();
        assertThat(replies.handled(command(definition, 0), "Charged"))
                .as("another step's reply type").isNull();
        assertThat(replies.handled(command(definition, 1), "Charged")).isEqualTo(Charged.class);
    }

    @Test
    void answersACommandItWasNotBuiltWithTheSameWay() {
        SagaDefinition<Object> built = definition();
        ReplyTypes replies = new ReplyTypes(List.of(built), PayloadTypes.empty());
        StepAction.Command<Object> other = new StepAction.Command<>("inventory", o -> o,
                Map.of(Reserved.class, (o, r) -> o));

        assertThat(replies.handled(other, "Reserved")).isEqualTo(Reserved.class);
        assertThat(replies.handled(other, "OutOfStock")).isNull();
    }
}

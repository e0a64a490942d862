package io.sagaflow.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.CommandContext;
import io.sagaflow.CommandOutcome;
import io.sagaflow.Direction;
import io.sagaflow.Participant;
import io.sagaflow.SagaException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnotatedParticipantsTest {
    private static final CommandContext CONTEXT = new CommandContext("m-1", null, null, "reserve",
            Direction.FORWARD, 1);

    @Test
    void compilesCommandAndEventHandlersThatCallTheMethods() throws Exception {
        Shop.Inventory inventory = new Shop.Inventory();
        Participant participant = AnnotatedParticipants.participantOf(inventory);

        assertThat(participant.name()).isEqualTo("inventory");
        assertThat(participant.payloadTypes().asMap()).containsOnlyKeys("ReserveStock", "ReleaseStock", "OrderPlaced");
        @SuppressWarnings("unchecked")
        io.sagaflow.CommandHandler<Object> reserve =
                (io.sagaflow.CommandHandler<Object>) participant.commandHandlers().get(Shop.ReserveStock.class);
        assertThat(reserve.handle(new Shop.ReserveStock("o-1"), CONTEXT))
                .isEqualTo(CommandOutcome.success(new Shop.StockReserved("r-o-1")));
        assertThat(participant.eventHandlers()).singleElement()
                .satisfies(e -> assertThat(e.topic()).isEqualTo("order-events"));
        assertThat(inventory.log).containsExactly("reserve o-1 reserve");
    }

    @SagaParticipant("named")
    static class NamedCommand {
        @CommandHandler(typeName = "shop.Reserve")
        CommandOutcome reserve(Shop.ReserveStock command) {
            return CommandOutcome.success();
        }
    }

    @Test
    void registersACommandUnderItsDeclaredName() {
        assertThat(AnnotatedParticipants.participantOf(new NamedCommand()).payloadTypes().classFor("shop.Reserve"))
                .isEqualTo(Shop.ReserveStock.class);
    }

    @SagaParticipant("throwing")
    static class Throwing {
        @CommandHandler
        CommandOutcome reserve(Shop.ReserveStock command) throws Exception {
            throw new java.io.IOException("disk gone");
        }

        @CommandHandler
        CommandOutcome release(Shop.ReleaseStock command) {
            return null;
        }
    }

    @Test
    void letsAHandlersOwnExceptionThroughAndRefusesANullOutcome() {
        Participant participant = AnnotatedParticipants.participantOf(new Throwing());
        @SuppressWarnings("unchecked")
        io.sagaflow.CommandHandler<Object> reserve =
                (io.sagaflow.CommandHandler<Object>) participant.commandHandlers().get(Shop.ReserveStock.class);
        @SuppressWarnings("unchecked")
        io.sagaflow.CommandHandler<Object> release =
                (io.sagaflow.CommandHandler<Object>) participant.commandHandlers().get(Shop.ReleaseStock.class);

        assertThatThrownBy(() -> reserve.handle(new Shop.ReserveStock("o"), CONTEXT))
                .isInstanceOf(java.io.IOException.class).hasMessage("disk gone");
        assertThatThrownBy(() -> release.handle(new Shop.ReleaseStock("o"), CONTEXT))
                .isInstanceOf(SagaException.class).hasMessageContaining("Throwing.release returned null");
    }

    @SagaParticipant("empty")
    static class Empty {
    }

    @SagaParticipant("wrong-return")
    static class WrongReturn {
        @CommandHandler
        String reserve(Shop.ReserveStock command) {
            return "ok";
        }
    }

    @SagaParticipant("list-command")
    static class ListCommand {
        @CommandHandler
        CommandOutcome reserve(List<String> command) {
            return CommandOutcome.success();
        }
    }

    @SagaParticipant("twice")
    static class Twice {
        @CommandHandler
        CommandOutcome one(Shop.ReserveStock command) {
            return CommandOutcome.success();
        }

        @CommandHandler
        CommandOutcome two(Shop.ReserveStock command, CommandContext context) {
            return CommandOutcome.success();
        }
    }

    @SagaParticipant("bad-event")
    static class BadEvent {
        @EventHandler(topic = "t")
        String placed(Shop.OrderPlaced event) {
            return "x";
        }
    }

    @Test
    void refusesBadDeclarationsNamingClassAndMethod() {
        assertThatThrownBy(() -> AnnotatedParticipants.participantOf(new Empty()))
                .hasMessage("class " + Empty.class.getName() + " is annotated @SagaParticipant(\"empty\") but has no "
                        + "@CommandHandler or @EventHandler methods");
        assertThatThrownBy(() -> AnnotatedParticipants.participantOf(new WrongReturn()))
                .hasMessageContaining("method reserve(ReserveStock): a @CommandHandler method must return "
                        + "CommandOutcome, not String");
        assertThatThrownBy(() -> AnnotatedParticipants.participantOf(new ListCommand()))
                .hasMessageContaining("method reserve(List): command payload type java.util.List is not a "
                        + "registrable payload type");
        assertThatThrownBy(() -> AnnotatedParticipants.participantOf(new Twice()))
                .hasMessageContaining("method two(ReserveStock, CommandContext)")
                .hasMessageContaining("a second handler for command");
        assertThatThrownBy(() -> AnnotatedParticipants.participantOf(new BadEvent()))
                .hasMessageContaining("method placed(OrderPlaced): an @EventHandler method must take (Event event) "
                        + "and return void");
        assertThatThrownBy(() -> AnnotatedParticipants.participantOf("not a participant"))
                .hasMessage("class java.lang.String is not annotated @SagaParticipant");
    }
}

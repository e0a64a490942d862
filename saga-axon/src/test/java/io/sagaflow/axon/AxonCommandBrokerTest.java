package io.sagaflow.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sagaflow.BrokerException;
import io.sagaflow.CommandContext;
import io.sagaflow.Direction;
import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.common.configuration.AxonConfiguration;
import org.axonframework.messaging.commandhandling.annotation.CommandHandler;
import org.axonframework.messaging.commandhandling.configuration.CommandHandlingModule;
import org.axonframework.messaging.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.core.Metadata;
import org.axonframework.messaging.core.configuration.MessagingConfigurer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The broker decorator on its own: envelopes in, Axon commands dispatched, replies out through the delegate. */
class AxonCommandBrokerTest {
    private static final Destination REPLIES = Destination.replies("broker-test");
    private static final JacksonMessageCodec CODEC = JacksonMessageCodec.ofDefaults();

    record Slow(String id) {
    }

    record CreateCart(String id) {
    }

    static final class Handlers {
        final AtomicInteger reserveCalls = new AtomicInteger();
        final AtomicInteger chargeCalls = new AtomicInteger();
        final AtomicReference<Metadata> lastMetadata = new AtomicReference<>();
        final CountDownLatch slowRelease = new CountDownLatch(1);

        @CommandHandler
        OrderDomain.StockReserved handle(OrderDomain.ReserveStock command, Metadata metadata) {
            reserveCalls.incrementAndGet();
            lastMetadata.set(metadata);
            return new OrderDomain.StockReserved("res-" + command.orderId());
        }

        @CommandHandler
        void handle(OrderDomain.ReleaseStock command) {
            throw new CommandRejectedException("nothing reserved for order " + command.orderId());
        }

        @CommandHandler
        OrderDomain.PaymentCharged handle(OrderDomain.ChargePayment command) {
            chargeCalls.incrementAndGet();
            throw new IllegalStateException("provider down for order " + command.orderId());
        }

        @CommandHandler
        String handle(CreateCart command) {
            return "cart-" + command.id();
        }

        @CommandHandler
        String handle(Slow command) throws InterruptedException {
            slowRelease.await();
            return "late";
        }
    }

    private final Handlers handlers = new Handlers();
    private final InMemoryMessageBroker delegate = new InMemoryMessageBroker();
    private final List<Envelope> replies = new CopyOnWriteArrayList<>();
    private AxonConfiguration axon;
    private AxonCommandBroker broker;

    @BeforeEach
    void startAxon() {
        axon = MessagingConfigurer.create()
                .registerCommandHandlingModule(CommandHandlingModule.named("handlers").commandHandlers()
                        .annotatedCommandHandlingComponent(c -> handlers))
                .start();
        broker = AxonCommandBroker.builder(delegate, axon.getComponent(CommandGateway.class))
                .participants("inventory", "payment")
                .payloadTypes(PayloadTypes.builder()
                        .register(OrderDomain.ReserveStock.class).register(OrderDomain.StockReserved.class)
                        .register(OrderDomain.ReleaseStock.class).register(OrderDomain.ChargePayment.class)
                        .register(OrderDomain.PaymentCharged.class).register(OrderDomain.OrderConfirmed.class)
                        .register(Slow.class).register(CreateCart.class).build())
                .commandTimeout(Duration.ofMillis(300))
                .build();
        broker.subscribe(REPLIES, MessageBroker.DEFAULT_GROUP, replies::add);
    }

    @AfterEach
    void stop() {
        handlers.slowRelease.countDown();
        broker.close();
        axon.shutdown();
    }

    private static Envelope command(String participant, Object payload) {
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, Destination.commands(participant),
                payload.getClass().getSimpleName(), "saga-1", "place-order", "reserve-inventory", null, REPLIES,
                Instant.now(), Map.of(Envelope.ATTEMPT, "2", Envelope.DIRECTION, "FORWARD",
                Envelope.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                CODEC.encode(payload));
    }

    private Envelope awaitReply(int count) {
        await().atMost(Duration.ofSeconds(5)).until(() -> replies.size() >= count);
        return replies.get(count - 1);
    }

    @Test
    void repliesWithTheHandlersResultCorrelatedToTheCommand() {
        Envelope command = command("inventory", new OrderDomain.ReserveStock("o-1", "sku-1", 1));

        broker.publish(List.of(command));

        Envelope reply = awaitReply(1);
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_SUCCESS);
        assertThat(reply.correlationId()).isEqualTo(command.messageId());
        assertThat(reply.sagaId()).isEqualTo("saga-1");
        assertThat(reply.type()).isEqualTo("StockReserved");
        assertThat(CODEC.decode(reply.payload(), OrderDomain.StockReserved.class))
                .isEqualTo(new OrderDomain.StockReserved("res-o-1"));
        assertThat(reply.header(Envelope.TRACEPARENT)).isEqualTo(command.header(Envelope.TRACEPARENT));
    }

    @Test
    void dispatchesADuplicatedCommandEnvelopeOnceAndRepeatsItsReply() {
        Envelope command = command("inventory", new OrderDomain.ReserveStock("o-2", "sku-1", 1));

        broker.publish(List.of(command, command));
        awaitReply(2);
        broker.publish(List.of(command));

        Envelope third = awaitReply(3);
        assertThat(handlers.reserveCalls).hasValue(1);
        assertThat(replies).extracting(Envelope::messageId).containsOnly(third.messageId());
        assertThat(replies).extracting(Envelope::correlationId).containsOnly(command.messageId());
    }

    @Test
    void passesTheSagaContextToTheAxonHandlerAsMetadata() {
        Envelope command = command("inventory", new OrderDomain.ReserveStock("o-3", "sku-1", 1));

        broker.publish(List.of(command));
        awaitReply(1);

        Metadata metadata = handlers.lastMetadata.get();
        assertThat(SagaflowMetadata.commandContext(metadata)).contains(new CommandContext(command.messageId(),
                "saga-1", "place-order", "reserve-inventory", Direction.FORWARD, 2));
        assertThat(metadata.get(SagaflowMetadata.IDEMPOTENCY_KEY)).isEqualTo("saga-1/reserve-inventory");
        assertThat(metadata.get(SagaflowMetadata.TRACEPARENT)).isEqualTo(command.header(Envelope.TRACEPARENT));
    }

    @Test
    void answersACommandRejectedExceptionWithAFailureReply() {
        broker.publish(List.of(command("inventory", new OrderDomain.ReleaseStock("o-4"))));

        Envelope reply = awaitReply(1);
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_FAILURE);
        assertThat(reply.header(Envelope.REASON)).isEqualTo("nothing reserved for order o-4");
    }

    @Test
    void answersAnyOtherExceptionWithAnErrorReplyAndDispatchesARedeliveryAgain() {
        Envelope command = command("payment", new OrderDomain.ChargePayment("o-5", 100));

        broker.publish(List.of(command));
        Envelope first = awaitReply(1);
        broker.publish(List.of(command));
        awaitReply(2);

        assertThat(first.kind()).isEqualTo(MessageKind.REPLY_ERROR);
        assertThat(first.header(Envelope.REASON)).contains("provider down for order o-5");
        assertThat(handlers.chargeCalls).as("a technical failure is not recorded, so it is tried again")
                .hasValue(2);
    }

    @Test
    void repliesWithoutPayloadWhenNoSagaStepReadsTheResultsType() {
        broker.publish(List.of(command("inventory", new CreateCart("c-1"))));

        Envelope reply = awaitReply(1);
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_SUCCESS);
        assertThat(reply.type()).as("String is not on the allowlist: the engine would refuse it").isNull();
        assertThat(reply.payload()).isEmpty();
    }

    @Test
    void answersWithAnErrorWhenNoAxonHandlerIsSubscribed() {
        broker.publish(List.of(command("inventory", new OrderDomain.OrderConfirmed("o-6", "p"))));

        Envelope reply = awaitReply(1);
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_ERROR);
        assertThat(reply.header(Envelope.REASON)).contains("No handler was subscribed");
    }

    @Test
    void answersWithAnErrorWhenAxonGivesNoResultInTime() {
        broker.publish(List.of(command("inventory", new Slow("s-1"))));

        Envelope reply = awaitReply(1);
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_ERROR);
        assertThat(reply.header(Envelope.REASON)).contains("no result from Axon within PT0.3S");
    }

    @Test
    void answersAnUnreadableCommandWithAnErrorReplyWithoutDispatching() {
        Envelope valid = command("inventory", new OrderDomain.ReserveStock("o-7", "sku-1", 1));
        Envelope unknownType = new Envelope(valid.messageId(), valid.kind(), valid.destination(), "DropTables",
                valid.sagaId(), valid.sagaType(), valid.step(), null, valid.replyTo(), valid.createdAt(),
                valid.headers(), valid.payload());

        broker.publish(List.of(unknownType));

        Envelope reply = awaitReply(1);
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_ERROR);
        assertThat(reply.header(Envelope.REASON)).contains("'DropTables' is not on the allowlist");
        assertThat(handlers.reserveCalls).hasValue(0);
    }

    @Test
    void delegatesEventsAndOtherParticipantsCommands() {
        List<Envelope> events = new CopyOnWriteArrayList<>();
        broker.subscribe(Destination.events("order-events"), "listener", events::add);
        Envelope shipping = command("shipping", new OrderDomain.ReserveStock("o-8", "sku-1", 1));
        Envelope event = new Envelope(Envelope.newMessageId(), MessageKind.EVENT, Destination.events("order-events"),
                "OrderConfirmed", "saga-1", "place-order", "confirm-order", null, null, Instant.now(), Map.of(),
                CODEC.encode(new OrderDomain.OrderConfirmed("o-8", "p-8")));

        broker.publish(List.of(shipping, event));

        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertThat(events.getFirst().messageId()).isEqualTo(event.messageId());
        assertThat(delegate.queued(Destination.commands("shipping"), MessageBroker.DEFAULT_GROUP)).isEqualTo(1);
        assertThat(handlers.reserveCalls).hasValue(0);
    }

    @Test
    void refusesToPublishOnceClosed() {
        broker.close();

        assertThatThrownBy(() -> broker.publish(List.of(command("inventory",
                new OrderDomain.ReserveStock("o-9", "sku-1", 1)))))
                .isInstanceOf(BrokerException.class).hasMessageContaining("closed");
    }

    @Test
    void builderRefusesNoOrDuplicateParticipants() {
        CommandGateway gateway = axon.getComponent(CommandGateway.class);
        assertThatThrownBy(() -> AxonCommandBroker.builder(delegate, gateway).build())
                .isInstanceOf(SagaDefinitionException.class).hasMessageContaining("at least one participant");
        assertThatThrownBy(() -> AxonCommandBroker.builder(delegate, gateway).participants("a", "a"))
                .isInstanceOf(SagaDefinitionException.class).hasMessageContaining("'a' is given twice");
        assertThatThrownBy(() -> AxonCommandBroker.builder(delegate, gateway).participants("not valid"))
                .isInstanceOf(SagaDefinitionException.class).hasMessageContaining("not valid");
    }
}

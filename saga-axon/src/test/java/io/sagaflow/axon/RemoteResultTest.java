package io.sagaflow.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.CommandOutcome;
import io.sagaflow.PayloadTypes;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.axonframework.common.infra.ComponentDescriptor;
import org.axonframework.conversion.json.JacksonConverter;
import org.axonframework.messaging.commandhandling.CommandExecutionException;
import org.axonframework.messaging.commandhandling.GenericCommandResultMessage;
import org.axonframework.messaging.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.commandhandling.gateway.CommandResult;
import org.axonframework.messaging.core.HandlerExecutionException;
import org.axonframework.messaging.core.MessageType;
import org.axonframework.messaging.core.Metadata;
import org.axonframework.messaging.core.unitofwork.ProcessingContext;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a handler in another service looks like to the broker: the result arrives serialized, named by its Axon type,
 * and an exception arrives as a {@link CommandExecutionException} without its class. The "wire" is a gateway that
 * serializes with Axon's own {@link JacksonConverter}, as a distributed command bus does.
 */
class RemoteResultTest {
    private static final Destination REPLIES = Destination.replies("remote-test");
    private static final JacksonMessageCodec CODEC = JacksonMessageCodec.ofDefaults();
    private static final JacksonConverter WIRE = new JacksonConverter();

    private final List<Envelope> replies = new CopyOnWriteArrayList<>();
    private AxonCommandBroker broker;

    /** A gateway whose handler runs "remotely": its result crosses the wire as JSON bytes. */
    private static CommandGateway remote(Function<Object, Object> handler) {
        return new CommandGateway() {
            @Override
            public CommandResult send(Object command, @Nullable Metadata metadata,
                                      @Nullable ProcessingContext context) {
                CompletableFuture<GenericCommandResultMessage> result;
                try {
                    Object value = handler.apply(command);
                    result = CompletableFuture.completedFuture(new GenericCommandResultMessage(
                            new MessageType(value.getClass()), WIRE.convert(value, byte[].class)));
                } catch (RuntimeException e) {
                    result = CompletableFuture.failedFuture(new CommandExecutionException(
                            "remote handler failed: " + e.getMessage(), null, e.getMessage()));
                }
                CompletableFuture<GenericCommandResultMessage> done = result;
                return () -> done;
            }

            @Override
            public void describeTo(ComponentDescriptor descriptor) {
            }
        };
    }

    private void start(Function<Object, Object> handler, UnaryOperator<AxonCommandBroker.Builder> customizer) {
        broker = customizer.apply(AxonCommandBroker.builder(new InMemoryMessageBroker(), remote(handler))
                .participants("inventory")
                .payloadTypes(PayloadTypes.builder().register(OrderDomain.ReserveStock.class)
                        .register(OrderDomain.StockReserved.class).build()))
                .build();
        broker.subscribe(REPLIES, MessageBroker.DEFAULT_GROUP, replies::add);
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private Envelope send() {
        broker.publish(List.of(new Envelope(Envelope.newMessageId(), MessageKind.COMMAND,
                Destination.commands("inventory"), "ReserveStock", "saga-1", "place-order", "reserve-inventory", null,
                REPLIES, Instant.now(), Map.of(), CODEC.encode(new OrderDomain.ReserveStock("o-1", "sku-1", 1)))));
        await().atMost(Duration.ofSeconds(5)).until(() -> !replies.isEmpty());
        return replies.getFirst();
    }

    @Test
    void readsASerializedResultIntoTheAllowlistedClassItsTypeNames() {
        start(command -> new OrderDomain.StockReserved("res-1"), b -> b.resultConverter(WIRE));

        Envelope reply = send();

        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_SUCCESS);
        assertThat(CODEC.decode(reply.payload(), OrderDomain.StockReserved.class))
                .isEqualTo(new OrderDomain.StockReserved("res-1"));
    }

    @Test
    void readsASerializedCommandOutcomeFailureAsAFailureReply() {
        start(command -> CommandOutcome.failure("out of stock: sku-1"), b -> b.resultConverter(WIRE));

        Envelope reply = send();

        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_FAILURE);
        assertThat(reply.header(Envelope.REASON)).isEqualTo("out of stock: sku-1");
    }

    @Test
    void answersASerializedResultWithAnErrorWhenNoConverterIsConfigured() {
        start(command -> new OrderDomain.StockReserved("res-1"), UnaryOperator.identity());

        Envelope reply = send();

        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_ERROR);
        assertThat(reply.header(Envelope.REASON)).contains("arrived as byte[] and no result converter is configured");
    }

    @Test
    void aRemoteCommandRejectedExceptionIsATechnicalFailureUnlessAPredicateRecognizesIt() {
        Function<Object, Object> refusing = command -> {
            throw new CommandRejectedException("out of stock: sku-1");
        };
        start(refusing, UnaryOperator.identity());
        assertThat(send().kind()).as("the exception class does not cross the wire").isEqualTo(MessageKind.REPLY_ERROR);
        broker.close();
        replies.clear();

        start(refusing, b -> b.businessFailureWhen(t -> HandlerExecutionException.resolveDetails(t)
                .map(details -> String.valueOf(details).startsWith("out of stock")).orElse(false)));

        Envelope reply = send();
        assertThat(reply.kind()).isEqualTo(MessageKind.REPLY_FAILURE);
        assertThat(reply.header(Envelope.REASON)).contains("out of stock: sku-1");
    }
}

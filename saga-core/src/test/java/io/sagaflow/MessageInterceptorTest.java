package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageInterceptor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Context put on outgoing messages where they are created comes back through every hop of the saga. */
class MessageInterceptorTest {
    record Data(String id) {
    }

    record Ping(String id) {
    }

    record Pong(String id) {
    }

    /** Propagates a thread-local "context" the way a tracer propagates a span. */
    static final class ContextInterceptor implements MessageInterceptor {
        static final String HEADER = "x-context";
        final ThreadLocal<String> current = new ThreadLocal<>();
        final List<String> received = new CopyOnWriteArrayList<>();

        @Override
        public Envelope beforeSend(Envelope envelope) {
            String context = current.get();
            return context == null ? envelope : envelope.withHeaders(Map.of(HEADER, context));
        }

        @Override
        public void aroundReceive(Envelope envelope, MessageHandler handler) throws Exception {
            String context = envelope.header(HEADER) + ">" + envelope.kind();
            received.add(context);
            current.set(context);
            try {
                handler.handle(envelope);
            } finally {
                current.remove();
            }
        }
    }

    @Test
    void carriesContextFromTheCallerThroughParticipantsAndRepliesToTheNextCommand() throws Exception {
        SagaDefinition<Data> definition = SagaDefinition.builder("ping-twice", Data.class)
                .step("first").invokeParticipant("ponger", d -> new Ping(d.id())).pivot()
                .step("second").invokeParticipant("ponger", d -> new Ping(d.id())).retriable()
                .build();
        ContextInterceptor orchestrator = new ContextInterceptor();
        ContextInterceptor participant = new ContextInterceptor();
        try (InMemoryMessageBroker broker = new InMemoryMessageBroker();
             SagaEngine engine = SagaEngine.builder().broker(broker).register(definition)
                     .interceptor(orchestrator).build();
             ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker).interceptor(participant)
                     .participant(Participant.builder("ponger")
                             .onCommand(Ping.class, (c, ctx) -> CommandOutcome.success(new Pong(c.id()))).build())
                     .build()) {
            runtime.start();
            engine.start();
            orchestrator.current.set("caller");
            SagaId id;
            try {
                id = engine.startSaga(definition, new Data("d-1"));
            } finally {
                orchestrator.current.remove();
            }
            assertThat(engine.whenSettled(id).get(10, TimeUnit.SECONDS).status()).isEqualTo(SagaStatus.COMPLETED);
        }
        assertThat(participant.received).containsExactly("caller>COMMAND",
                "caller>COMMAND>REPLY_SUCCESS>COMMAND");
        assertThat(orchestrator.received).containsExactly("caller>COMMAND>REPLY_SUCCESS",
                "caller>COMMAND>REPLY_SUCCESS>COMMAND>REPLY_SUCCESS");
    }

    @Test
    void compositeAppliesInterceptorsInOrderAndNestsTheFirstOutermost() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        MessageInterceptor a = named("a", calls);
        MessageInterceptor b = named("b", calls);
        MessageInterceptor both = MessageInterceptor.composite(List.of(a, b));
        Envelope envelope = new Envelope("m", io.sagaflow.spi.MessageKind.EVENT,
                io.sagaflow.spi.Destination.events("t"), null, null, null, null, null, null,
                java.time.Instant.EPOCH, Map.of(), new byte[0]);

        assertThat(both.beforeSend(envelope).header("order")).isEqualTo("ab");
        both.aroundReceive(envelope, e -> calls.add("handler"));
        assertThat(calls).containsExactly("a in", "b in", "handler", "b out", "a out");
        assertThat(MessageInterceptor.composite(List.of())).isSameAs(MessageInterceptor.NONE);
    }

    private static MessageInterceptor named(String name, List<String> calls) {
        return new MessageInterceptor() {
            @Override
            public Envelope beforeSend(Envelope envelope) {
                String order = envelope.header("order");
                return envelope.withHeaders(Map.of("order", (order == null ? "" : order) + name));
            }

            @Override
            public void aroundReceive(Envelope envelope, MessageHandler handler) throws Exception {
                calls.add(name + " in");
                handler.handle(envelope);
                calls.add(name + " out");
            }
        };
    }
}

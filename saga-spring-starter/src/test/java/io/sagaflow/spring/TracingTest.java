package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** One trace spans the caller, the orchestrator and the participant, hop by hop through message headers. */
class TracingTest {
    private final SimpleTracer tracer = new SimpleTracer();

    @Test
    @SuppressWarnings("try")
    void oneTraceSpansOrchestratorAndParticipantWithEachReceiveAChildOfItsSend() {
        ObservationRegistry observations = ObservationRegistry.create();
        W3cPropagator propagator = new W3cPropagator(tracer);
        observations.observationConfig().observationHandler(
                new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SagaflowAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> observations)
                .withBean(TestSagas.BookTripSaga.class).withBean(TestSagas.Hotel.class)
                .run(context -> {
                    SagaEngine engine = context.getBean(SagaEngine.class);
                    var definition = context.getBean(SagaDefinitions.class).named("book-trip", TestSagas.Trip.class);
                    Observation request = Observation.start("test.request", observations);
                    SagaId id;
                    try (Observation.Scope scope = request.openScope()) {
                        id = engine.startSaga(definition, new TestSagas.Trip("t-1", null));
                    } finally {
                        request.stop();
                    }
                    assertThat(engine.whenSettled(id).get(10, TimeUnit.SECONDS).status())
                            .isEqualTo(SagaStatus.COMPLETED);
                    // 2 steps x (command send, command receive, reply send, reply receive) + the request
                    await().atMost(Duration.ofSeconds(5)).until(() -> tracer.getSpans().size() >= 9);
                });

        List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
        SimpleSpan root = spans.stream().filter(s -> s.getName().equals("test.request")).findFirst().orElseThrow();
        assertThat(spans).as("every span is in the request's trace").allSatisfy(s ->
                assertThat(s.getTraceId()).isEqualTo(root.getTraceId()));
        Map<String, SimpleSpan> byId = spans.stream().collect(Collectors.toMap(SimpleSpan::getSpanId,
                Function.identity()));
        List<SimpleSpan> receives = spans.stream().filter(s -> s.getName().contains("receive")).toList();
        assertThat(receives).hasSize(4);
        assertThat(receives).as("each receive continues the send that carried its headers").allSatisfy(r -> {
            SimpleSpan parent = byId.get(r.getParentId());
            assertThat(parent).as("parent of %s", r.getName()).isNotNull();
            assertThat(parent.getName()).contains("send");
            assertThat(parent.getKind()).isEqualTo(Span.Kind.PRODUCER);
            assertThat(r.getKind()).isEqualTo(Span.Kind.CONSUMER);
        });
        SimpleSpan firstCommand = spans.stream().filter(s -> s.getName().equals("command send commands:hotel"))
                .filter(s -> root.getSpanId().equals(s.getParentId())).findFirst().orElseThrow();
        SimpleSpan participantReceive = receives.stream()
                .filter(r -> r.getParentId().equals(firstCommand.getSpanId())).findFirst().orElseThrow();
        SimpleSpan reply = spans.stream().filter(s -> participantReceive.getSpanId().equals(s.getParentId()))
                .findFirst().orElseThrow();
        assertThat(reply.getName()).isEqualTo("reply_success send replies:default");
        assertThat(participantReceive.getTags()).containsEntry("sagaflow.saga", "book-trip")
                .containsEntry("sagaflow.step", "book-hotel");
    }

    /** W3C {@code traceparent} for the test tracer, as Brave and OpenTelemetry do it in production. */
    static final class W3cPropagator implements Propagator {
        private final SimpleTracer tracer;

        W3cPropagator(SimpleTracer tracer) {
            this.tracer = tracer;
        }

        @Override
        public List<String> fields() {
            return List.of("traceparent");
        }

        @Override
        public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
            setter.set(carrier, "traceparent", "00-" + context.traceId() + "-" + context.spanId() + "-01");
        }

        @Override
        public <C> Span.Builder extract(C carrier, Getter<C> getter) {
            String header = getter.get(carrier, "traceparent");
            Span.Builder builder = tracer.spanBuilder();
            if (header == null) {
                return builder;
            }
            String[] parts = header.split("-");
            return builder.setParent(tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2]).sampled(true)
                    .build());
        }
    }
}

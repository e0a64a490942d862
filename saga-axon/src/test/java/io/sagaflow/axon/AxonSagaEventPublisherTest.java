package io.sagaflow.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.sagaflow.Direction;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.messaging.core.QualifiedName;
import org.axonframework.messaging.eventhandling.EventMessage;
import org.axonframework.messaging.eventhandling.EventSink;
import org.axonframework.messaging.eventhandling.SimpleEventBus;
import org.junit.jupiter.api.Test;

/** Engine events as Axon event messages. */
class AxonSagaEventPublisherTest {
    private static final SagaId ID = SagaId.random();
    private static final Instant AT = Instant.parse("2026-11-21T12:00:00Z");

    @Test
    void mapsEveryEngineEventToItsAxonRecord() {
        List<SagaEvent> events = List.of(
                new SagaEvent.Started(ID, "place-order", "o-1", AT),
                new SagaEvent.StepSucceeded(ID, "place-order", "reserve", Direction.FORWARD, 2, Duration.ofMillis(5),
                        AT),
                new SagaEvent.StepFailed(ID, "place-order", "charge", Direction.FORWARD, 1, true, "declined", AT),
                new SagaEvent.Compensating(ID, "place-order", "declined", AT),
                new SagaEvent.Completed(ID, "place-order", Duration.ofSeconds(1), AT),
                new SagaEvent.Compensated(ID, "place-order", "declined", Duration.ofSeconds(2), AT),
                new SagaEvent.Failed(ID, "place-order", "release failed", AT));

        assertThat(events).map(SagaLifecycleEvent::from).containsExactly(
                new SagaStartedEvent(ID.value(), "place-order", "o-1", AT),
                new SagaStepCompletedEvent(ID.value(), "place-order", "reserve", Direction.FORWARD, 2,
                        Duration.ofMillis(5), AT),
                new SagaStepFailedEvent(ID.value(), "place-order", "charge", Direction.FORWARD, 1, true, "declined",
                        AT),
                new SagaCompensatingEvent(ID.value(), "place-order", "declined", AT),
                new SagaCompletedEvent(ID.value(), "place-order", Duration.ofSeconds(1), AT),
                new SagaCompensatedEvent(ID.value(), "place-order", "declined", Duration.ofSeconds(2), AT),
                new SagaFailedEvent(ID.value(), "place-order", "release failed", AT));
    }

    @Test
    void publishesOnTheEventBusNamedByTheRecordWithTheSagaInTheMetadata() {
        SimpleEventBus bus = new SimpleEventBus();
        List<EventMessage> seen = new CopyOnWriteArrayList<>();
        bus.subscribe((messages, context) -> {
            seen.addAll(messages);
            return CompletableFuture.completedFuture(null);
        });

        new AxonSagaEventPublisher(bus).onEvent(new SagaEvent.Failed(ID, "place-order", "release failed", AT));

        assertThat(seen).singleElement().satisfies(message -> {
            assertThat(message.type().qualifiedName()).isEqualTo(new QualifiedName(SagaFailedEvent.class));
            assertThat(message.payload()).isEqualTo(new SagaFailedEvent(ID.value(), "place-order", "release failed",
                    AT));
            assertThat(message.metadata()).containsEntry(SagaflowMetadata.SAGA_ID, ID.value())
                    .containsEntry(SagaflowMetadata.SAGA_TYPE, "place-order");
        });
    }

    @Test
    void neverThrowsIntoTheEngineWhenPublishingFails() {
        EventSink broken = new EventSink() {
            @Override
            public CompletableFuture<Void> publish(
                    org.axonframework.messaging.core.unitofwork.@org.jspecify.annotations.Nullable ProcessingContext
                            context, List<EventMessage> events) {
                throw new IllegalStateException("event store down");
            }

            @Override
            public void describeTo(org.axonframework.common.infra.ComponentDescriptor descriptor) {
            }
        };
        EventSink failing = new EventSink() {
            @Override
            public CompletableFuture<Void> publish(
                    org.axonframework.messaging.core.unitofwork.@org.jspecify.annotations.Nullable ProcessingContext
                            context, List<EventMessage> events) {
                return CompletableFuture.failedFuture(new IllegalStateException("event store down"));
            }

            @Override
            public void describeTo(org.axonframework.common.infra.ComponentDescriptor descriptor) {
            }
        };

        assertThatCode(() -> new AxonSagaEventPublisher(broken).onEvent(
                new SagaEvent.Completed(ID, "place-order", Duration.ZERO, AT))).doesNotThrowAnyException();
        assertThatCode(() -> new AxonSagaEventPublisher(failing).onEvent(
                new SagaEvent.Completed(ID, "place-order", Duration.ZERO, AT))).doesNotThrowAnyException();
    }
}

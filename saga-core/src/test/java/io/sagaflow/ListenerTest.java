package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import io.sagaflow.testing.ScriptedParticipant.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Listeners see each saga's events in the order they happened, even under load. */
class ListenerTest {

    @Test
    void eachSagasEventsReachListenersInOrder() {
        Map<SagaId, List<SagaEvent>> seen = new ConcurrentHashMap<>();
        SagaListener slow = event -> {
            seen.computeIfAbsent(event.sagaId(), id -> new CopyOnWriteArrayList<>()).add(event);
            Thread.onSpinWait(); // a listener that takes a little time widens any race
        };
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        IntStream.range(0, 200).filter(i -> i % 2 == 0).forEach(i -> svc.plan("do:c:" + i, Plan.REJECT));
        SagaDefinition<Order> definition = SagaDefinition.builder("ordered", Order.class)
                .step("a").invokeParticipant("svc", o -> new ScriptedParticipant.Do("a", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("a", o.id()))
                .step("b").invokeParticipant("svc", o -> new ScriptedParticipant.Do("b", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("b", o.id()))
                .step("c").invokeParticipant("svc", o -> new ScriptedParticipant.Do("c:" + o.id(), o.id())).pivot()
                .build();
        try (InMemoryMessageBroker broker = new InMemoryMessageBroker(3, Duration.ofMillis(5), 4);
             SagaEngine engine = SagaEngine.builder().broker(broker).register(definition).listener(slow).build();
             ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                     .participant(svc.participant()).build()) {
            engine.start();
            runtime.start();
            List<SagaId> ids = IntStream.range(0, 200).parallel()
                    .mapToObj(i -> engine.startSaga(definition, Order.of(Integer.toString(i)))).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> seen.getOrDefault(id,
                    List.of()).stream().anyMatch(e -> e instanceof SagaEvent.Completed
                    || e instanceof SagaEvent.Compensated)));

            for (SagaId id : ids) {
                List<SagaEvent> events = seen.get(id);
                List<java.time.Instant> times = new ArrayList<>(events.stream().map(SagaEvent::at).toList());
                assertThat(times).as("events of %s: %s", id, events).isSorted();
                assertThat(events.get(0)).isInstanceOf(SagaEvent.Started.class);
                SagaEvent last = events.get(events.size() - 1);
                assertThat(last).isInstanceOfAny(SagaEvent.Completed.class, SagaEvent.Compensated.class);
            }
        }
    }
}

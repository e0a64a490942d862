package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.testing.ScriptedParticipant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The engine reuses the saga data it stored instead of decoding the same bytes again, only when the data cannot have
 * changed since (a deeply immutable record), and never across engines or for data a handler could mutate.
 */
class DataReuseTest {
    /** Immutable all the way down. */
    record Tally(String id, String steps) {
        Tally with(String step) {
            return new Tally(id, steps.isEmpty() ? step : steps + "," + step);
        }
    }

    /** A handler could change its list in place. */
    record Basket(String id, List<String> steps) {
    }

    private final InMemoryMessageBroker broker = new InMemoryMessageBroker(3, Duration.ofMillis(5), 2);
    private final InMemorySagaStore store = new InMemorySagaStore();
    private final Map<String, List<Object>> seen = new ConcurrentHashMap<>();

    private <D> SagaDefinition<D> twoSteps(Class<D> type, java.util.function.BiFunction<D, String, D> apply,
                                          java.util.function.Function<D, String> id) {
        SagaDefinition.Builder<D> builder = SagaDefinition.builder("reuse-" + type.getSimpleName(), type);
        for (String step : List.of("a", "b")) {
            builder.step(step).invokeParticipant("svc", d -> {
                seen.computeIfAbsent(id.apply(d), k -> new ArrayList<>()).add(d);
                return new ScriptedParticipant.Do(step, id.apply(d));
            }).onReply(ScriptedParticipant.Done.class, (d, r) -> {
                // Between the command and its reply the saga was stored and loaded again.
                seen.computeIfAbsent(id.apply(d), k -> new ArrayList<>()).add(d);
                return apply.apply(d, r.step());
            }).retriable();
        }
        return builder.build();
    }

    private SagaEngine engine(SagaDefinition<?> definition) {
        SagaEngine engine = SagaEngine.builder().broker(broker).store(store).register(definition)
                .codec(JacksonMessageCodec.builder().reuseDecodedValues(false).build()).build();
        engine.start();
        return engine;
    }

    private ParticipantRuntime participant() {
        ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                .participant(new ScriptedParticipant("svc").participant()).build();
        runtime.start();
        return runtime;
    }

    @Test
    void immutableDataStoredByTheEngineIsReusedWhenItLoadsTheSagaAgain() {
        SagaDefinition<Tally> definition = twoSteps(Tally.class, Tally::with, Tally::id);
        try (SagaEngine engine = engine(definition); ParticipantRuntime runtime = participant()) {
            SagaId id = engine.startSaga(definition, new Tally("t1", ""));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.find(id).orElseThrow().status().isSettled());

            List<Object> t1 = seen.get("t1");
            assertThat(t1).hasSize(4); // what command a was built from, what reply a was applied to; same for b
            assertThat(t1.get(1)).isSameAs(t1.get(0));
            assertThat(t1.get(3)).isSameAs(t1.get(2));
            assertThat(engine.find(id).orElseThrow().data()).isEqualTo(new Tally("t1", "a,b"));
        }
        broker.close();
    }

    @Test
    void dataAHandlerCouldMutateIsDecodedAfreshOnEveryLoad() {
        SagaDefinition<Basket> definition = twoSteps(Basket.class, (b, step) -> {
            List<String> steps = new ArrayList<>(b.steps());
            steps.add(step);
            return new Basket(b.id(), steps);
        }, Basket::id);
        try (SagaEngine engine = engine(definition); ParticipantRuntime runtime = participant()) {
            SagaId id = engine.startSaga(definition, new Basket("b1", new ArrayList<>()));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.find(id).orElseThrow().status().isSettled());

            List<Object> b1 = seen.get("b1");
            assertThat(b1).hasSize(4);
            assertThat(b1.get(1)).isEqualTo(b1.get(0)).isNotSameAs(b1.get(0));
            assertThat(b1.get(3)).isEqualTo(b1.get(2)).isNotSameAs(b1.get(2));
            assertThat(engine.find(id).orElseThrow().data()).isEqualTo(new Basket("b1", List.of("a", "b")));
        }
        broker.close();
    }

    @Test
    void twoEnginesOnOneStoreNeverTakeEachOthersStaleData() {
        SagaDefinition<Tally> definition = twoSteps(Tally.class, Tally::with, Tally::id);
        List<SagaId> ids = new ArrayList<>();
        try (SagaEngine one = engine(definition); SagaEngine two = engine(definition);
             ParticipantRuntime runtime = participant()) {
            for (int i = 0; i < 200; i++) {
                ids.add((i % 2 == 0 ? one : two).startSaga(definition, new Tally("s" + i, "")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> store.find(id).orElseThrow().status().isSettled()));
            for (int i = 0; i < ids.size(); i++) {
                assertThat(one.find(ids.get(i)).orElseThrow().data()).isEqualTo(new Tally("s" + i, "a,b"));
                assertThat(one.find(ids.get(i)).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
            }
        }
        broker.close();
    }
}

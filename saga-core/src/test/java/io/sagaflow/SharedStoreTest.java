package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.MutableClock;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import io.sagaflow.testing.ScriptedParticipant.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Several engines on one store: competing for replies, and taking over from one that died. */
class SharedStoreTest {
    private final InMemoryMessageBroker broker = new InMemoryMessageBroker(3, Duration.ofMillis(5), 2);
    private final InMemorySagaStore store = new InMemorySagaStore();

    private SagaEngine engine(SagaDefinition<?> definition, java.time.InstantSource clock) {
        SagaEngine engine = SagaEngine.builder().broker(broker).store(store).clock(clock).register(definition)
                .config(SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(20))
                        .localStepLease(Duration.ofSeconds(30)).build())
                .build();
        engine.start();
        return engine;
    }

    @Test
    void twoEnginesShareTheRepliesAndNoSagaIsAdvancedTwice() throws Exception {
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        IntStream.range(0, 300).filter(i -> i % 5 == 0).forEach(i -> svc.plan("do:c:" + i, Plan.REJECT));
        SagaDefinition<Order> definition = SagaDefinition.builder("shared", Order.class)
                .step("a").invokeParticipant("svc", o -> new ScriptedParticipant.Do("a", o.id()))
                .onReply(ScriptedParticipant.Done.class, (o, r) -> o.with(r.step()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("a", o.id()))
                .step("b").invokeParticipant("svc", o -> new ScriptedParticipant.Do("b", o.id()))
                .onReply(ScriptedParticipant.Done.class, (o, r) -> o.with(r.step()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("b", o.id()))
                .step("c").invokeParticipant("svc", o -> new ScriptedParticipant.Do("c:" + o.id(), o.id())).pivot()
                .build();
        try (SagaEngine one = engine(definition, java.time.InstantSource.system());
             SagaEngine two = engine(definition, java.time.InstantSource.system());
             ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                     .participant(svc.participant()).build()) {
            runtime.start();
            List<SagaId> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ids.add((i % 2 == 0 ? one : two).startSaga(definition, Order.of(Integer.toString(i))));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> store.find(id).orElseThrow().status().isSettled()));

            for (SagaId id : ids) {
                SagaInstance saga = one.find(id).orElseThrow();
                int order = Integer.parseInt(saga.data(Order.class).id());
                assertThat(saga.status()).as(saga.trace())
                        .isEqualTo(order % 5 == 0 ? SagaStatus.COMPENSATED : SagaStatus.COMPLETED);
                assertThat(saga.data(Order.class).applied()).containsExactly("a", "b");
                assertThat(saga.history()).filteredOn(h -> h.event() == HistoryEvent.SUCCEEDED
                        && h.direction() == Direction.FORWARD).hasSize(order % 5 == 0 ? 2 : 3);
            }
            assertThat(svc.ledger()).filteredOn(l -> l.startsWith("do:a:")).hasSize(300);
            assertThat(svc.ledger()).filteredOn(l -> l.startsWith("undo:b:")).hasSize(60);
        }
    }

    @Test
    void aLocalStepWhoseEngineDiedIsResumedByAnotherAfterItsLease() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        SagaDefinition<Order> definition = SagaDefinition.builder("leased", Order.class)
                .step("book").invokeLocal(o -> {
                    if (runs.incrementAndGet() == 1) {
                        stuck.countDown();
                        release.await(); // the first engine hangs here, as if its process had died
                    }
                    return LocalResult.done(o.with("book"));
                }).pivot()
                .build();
        MutableClock later = new MutableClock(Instant.now());
        try (SagaEngine dying = engine(definition, java.time.InstantSource.system());
             SagaEngine survivor = engine(definition, later)) {
            java.util.concurrent.CompletableFuture<SagaId> started = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> dying.startSaga(definition, Order.of("l1")));
            assertThat(stuck.await(5, TimeUnit.SECONDS)).isTrue();
            SagaId id = store.query(io.sagaflow.spi.SagaQuery.all(10)).get(0).id();

            assertThat(survivor.processDueTimers()).as("lease still held").isZero();
            // Past the lease the dying engine stored, measured from the record: a fixed 31 s from when this test
            // made its clock left too little slack when the machine was slow to start the saga.
            Instant leaseEnds = store.find(id).orElseThrow().wakeAt();
            later.advance(Duration.between(later.instant(), leaseEnds).plusSeconds(1));
            // The survivor's own timer loop polls the same clock every 20 ms and may resume the saga before this
            // call does (then this call finds it leased and leaves it): either way it completes, once.
            survivor.processDueTimers();

            SagaInstance saga = await().atMost(Duration.ofSeconds(5))
                    .until(() -> survivor.find(id).orElseThrow(), s -> s.status() == SagaStatus.COMPLETED);
            release.countDown(); // the hung engine wakes up: its save loses the optimistic lock, nothing changes
            assertThat(started.get(5, TimeUnit.SECONDS)).isEqualTo(id);
            assertThat(survivor.find(id).orElseThrow().version()).isEqualTo(saga.version());
            assertThat(runs).hasValue(2);
        }
    }
}

package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.support.ForwardingSagaStore;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import io.sagaflow.testing.TamperingBroker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A reply the engine awaits is applied to the record the engine itself stored, without reading the saga back; when
 * something else changed the saga in between, the store refuses that write and the reply meets the saga as stored.
 */
class AwaitedReplyTest {
    // One consumer per queue: commands and replies are handled in the order sent, so the stale-record test sees step
    // a's reply before the compensation's (with two, the compensation's could come first and clear the record).
    private final InMemoryMessageBroker broker = new InMemoryMessageBroker(3, Duration.ofMillis(5), 1);
    private final CountingStore store = new CountingStore(new InMemorySagaStore());
    private final SagaDefinition<Order> definition = SagaDefinition.builder("awaited", Order.class)
            .step("a").invokeParticipant("svc", o -> new ScriptedParticipant.Do("a", o.id()))
            .onReply(ScriptedParticipant.Done.class, (o, r) -> o.with(r.step()))
            .withCompensation("svc", o -> new ScriptedParticipant.Undo("a", o.id()))
            .step("b").invokeParticipant("svc", o -> new ScriptedParticipant.Do("b", o.id()))
            .onReply(ScriptedParticipant.Done.class, (o, r) -> o.with(r.step())).pivot()
            .build();

    private SagaEngine engine() {
        SagaEngine engine = SagaEngine.builder().broker(broker).store(store).register(definition).build();
        engine.start();
        return engine;
    }

    private ParticipantRuntime participant(ScriptedParticipant svc) {
        ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker).participant(svc.participant())
                .build();
        runtime.start();
        return runtime;
    }

    @Test
    void awaitedRepliesAreAppliedWithoutReadingTheSagaBack() {
        try (SagaEngine engine = engine(); ParticipantRuntime runtime = participant(new ScriptedParticipant("svc"))) {
            SagaId id = engine.startSaga(definition, Order.of("o1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.delegate.find(id).orElseThrow().status()
                    .isSettled());

            assertThat(store.finds).as("the engine's reads of the saga").hasValue(0);
            assertThat(store.refused).hasValue(0);
            assertThat(store.delegate.find(id).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(engine.find(id).orElseThrow().data(Order.class).applied()).containsExactly("a", "b");
        }
        broker.close();
    }

    @Test
    void aReplyToASagaAnotherEngineChangedMeetsTheSagaAsStored() {
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        SagaId id;
        try (SagaEngine one = engine()) {
            id = one.startSaga(definition, Order.of("o2"));
            // Another engine aborts it while it awaits step a's reply: one's remembered record is now stale.
            try (SagaEngine two = engine()) {
                two.abort(id, "operator");
            }
            try (ParticipantRuntime runtime = participant(svc)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> store.delegate.find(id).orElseThrow().status()
                        .isSettled());
            }
        }
        SagaRecord saga = store.delegate.find(id).orElseThrow();
        assertThat(saga.status()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(svc.ledger()).contains("do:a:o2", "undo:a:o2").doesNotContain("do:b:o2");
        assertThat(store.refused).as("the write from the stale record, refused by its version").hasValue(1);
        assertThat(saga.history()).noneMatch(h -> h.event() == HistoryEvent.SUCCEEDED
                && h.direction() == Direction.FORWARD);
        broker.close();
    }

    @Test
    void aReplyWhoseWriteFailedIsAppliedAgainToTheSagaAsStored() {
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        store.failNextUpdate.set(true);
        try (SagaEngine engine = engine(); ParticipantRuntime runtime = participant(svc)) {
            SagaId id = engine.startSaga(definition, Order.of("o3"));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.delegate.find(id).orElseThrow().status()
                    .isSettled());

            // The first reply's write failed after the engine had remembered the record it was writing; the
            // redelivered reply missed that record (it awaits a message never sent) and was applied as stored.
            assertThat(store.failNextUpdate).isFalse();
            assertThat(store.finds).as("one read, for the redelivered reply").hasValue(1);
            assertThat(store.delegate.find(id).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(engine.find(id).orElseThrow().data(Order.class).applied()).containsExactly("a", "b");
            assertThat(svc.ledger()).containsExactly("do:a:o3", "do:b:o3");
        }
        broker.close();
    }

    @Test
    void aSagaWithLargeDataIsReadBeforeItsReplyIsApplied() {
        // Data over AwaitedRecords.MAX_DATA_BYTES (16 KiB) once encoded: its records are not remembered.
        try (SagaEngine engine = engine(); ParticipantRuntime runtime = participant(new ScriptedParticipant("svc"))) {
            SagaId id = engine.startSaga(definition, Order.of("x".repeat(16 * 1024)));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.delegate.find(id).orElseThrow().status()
                    .isSettled());

            assertThat(store.finds).as("a read before each of the two replies").hasValue(2);
            assertThat(store.delegate.find(id).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
        }
        broker.close();
    }

    @Test
    void aReplyDeliveredTwiceAtOnceIsAppliedOnce() {
        // Every reply arrives twice, back to back, on a queue with two consumers: both copies can meet the remembered
        // record at the same time, and the second write under its version must be refused, not applied again.
        InMemoryMessageBroker twoConsumers = new InMemoryMessageBroker(3, Duration.ofMillis(5), 2);
        MessageBroker duplicating = new TamperingBroker(twoConsumers)
                .duplicate(m -> m.kind() != MessageKind.COMMAND && m.kind() != MessageKind.EVENT);
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        try (SagaEngine engine = SagaEngine.builder().broker(duplicating).store(store).register(definition).build();
             ParticipantRuntime runtime = ParticipantRuntime.builder().broker(duplicating)
                     .participant(svc.participant()).build()) {
            engine.start();
            runtime.start();
            List<SagaId> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(engine.startSaga(definition, Order.of("d" + i)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                    .allMatch(id -> store.delegate.find(id).orElseThrow().status().isSettled()));

            for (int i = 0; i < ids.size(); i++) {
                SagaId id = ids.get(i);
                assertThat(store.delegate.find(id).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
                assertThat(engine.find(id).orElseThrow().data(Order.class).applied()).as("saga d" + i)
                        .containsExactly("a", "b");
            }
            assertThat(svc.ledger()).as("each command handled once").hasSize(100).doesNotHaveDuplicates();
        }
        duplicating.close();
    }

    /** Counts the engine's reads of a saga and the writes the store refused as stale. */
    private static final class CountingStore extends ForwardingSagaStore {
        final InMemorySagaStore delegate;
        final AtomicInteger finds = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicBoolean failNextUpdate = new AtomicBoolean();

        CountingStore(InMemorySagaStore delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public void update(SagaRecord saga, long expectedVersion, List<Envelope> outbox) {
            if (failNextUpdate.compareAndSet(true, false)) {
                throw new SagaStoreException("simulated failure writing saga " + saga.id() + " v" + saga.version(),
                        new java.io.IOException("connection reset"));
            }
            try {
                super.update(saga, expectedVersion, outbox);
            } catch (ConcurrentSagaUpdateException e) {
                refused.incrementAndGet();
                throw e;
            }
        }

        @Override
        public Optional<SagaRecord> find(SagaId id) {
            finds.incrementAndGet();
            return super.find(id);
        }
    }
}

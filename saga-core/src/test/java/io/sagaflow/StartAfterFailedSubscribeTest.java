package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A start that fails because the broker refuses a subscription (it is restarting) can be repeated and then
 * subscribes everything; found by the chaos run, where a participant started during a RabbitMQ restart.
 */
class StartAfterFailedSubscribeTest {
    record Work(String id) { }

    @Test
    void participantRuntimeSubscribesEveryParticipantWhenStartedAgainAfterAFailedStart() {
        try (FlakyBroker broker = new FlakyBroker(2)) {
            ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
                    .participant(participant("a")).participant(participant("b")).build();

            assertThatThrownBy(runtime::start).isInstanceOf(BrokerException.class);
            assertThat(broker.open.get()).as("nothing left subscribed after the failed start").isZero();

            runtime.start();
            assertThat(broker.open.get()).as("both participants subscribed").isEqualTo(2);
            runtime.close();
        }
    }

    @Test
    void engineSubscribesToRepliesWhenStartedAgainAfterAFailedStart() {
        try (FlakyBroker broker = new FlakyBroker(1)) {
            SagaDefinition<Work> definition = SagaDefinition.builder("work", Work.class)
                    .step("do").invokeParticipant("a", w -> w).onReply(Work.class, (w, r) -> w).pivot().build();
            SagaEngine engine = SagaEngine.builder().broker(broker).register(definition).build();

            assertThatThrownBy(engine::start).isInstanceOf(BrokerException.class);
            engine.start();

            assertThat(broker.open.get()).as("reply subscription").isEqualTo(1);
            engine.close();
        }
    }

    private static Participant participant(String name) {
        return Participant.builder(name).onCommand(Work.class, (work, context) -> CommandOutcome.success(work))
                .build();
    }

    /** Refuses one subscription (the n-th), as a broker in the middle of a restart does. */
    private static final class FlakyBroker implements MessageBroker {
        private final InMemoryMessageBroker delegate = new InMemoryMessageBroker();
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger open = new AtomicInteger();
        private final int failing;

        FlakyBroker(int failing) {
            this.failing = failing;
        }

        @Override
        public void publish(List<Envelope> messages) {
            delegate.publish(messages);
        }

        @Override
        public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
            if (calls.incrementAndGet() == failing) {
                throw new BrokerException("broker restarting: cannot subscribe " + destination);
            }
            Subscription subscription = delegate.subscribe(destination, group, handler);
            open.incrementAndGet();
            return () -> {
                open.decrementAndGet();
                subscription.close();
            };
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}

package io.sagaflow.docs;

import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemoryMessageBroker.Dispatch;
import java.time.Duration;

/** The code quoted by docs/concepts.md on the in-memory broker's dispatch; DirectDispatchExampleTest runs it. */
final class DirectDispatchExample {
    private DirectDispatchExample() {
    }

    static InMemoryMessageBroker directBroker() {
        // startSaga runs the saga on the calling thread: each command, reply and event is handled on the thread that
        // published it, once its handler (or startSaga's write) returns. Failures are redelivered through the queue
        // as with the default, Dispatch.QUEUED.
        return new InMemoryMessageBroker(InMemoryMessageBroker.DEFAULT_MAX_DELIVERIES, Duration.ofMillis(50),
                InMemoryMessageBroker.DEFAULT_CONSUMERS, Dispatch.DIRECT);
    }

    static SagaEngine engine(InMemoryMessageBroker broker, SagaDefinition<?> saga) {
        return SagaEngine.builder().broker(broker).register(saga).build();
    }

    static ParticipantRuntime participants(InMemoryMessageBroker broker, Participant participant) {
        return ParticipantRuntime.builder().broker(broker).participant(participant).build();
    }
}

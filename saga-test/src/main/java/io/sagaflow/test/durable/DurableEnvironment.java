package io.sagaflow.test.durable;

import io.sagaflow.SagaException;
import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.test.SagaTestEnvironment;
import java.util.Deque;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One harness's broker, store and (optionally) inbox factory, with the clean-up steps to run in reverse order on
 * {@link #close()}. Used from the test's thread only, as {@link SagaTestEnvironment} says. A clean-up that
 * fails does not stop the others; the first failure is thrown at the end.
 */
final class DurableEnvironment implements SagaTestEnvironment {
    private final String description;
    private final MessageBroker broker;
    private final SagaStore store;
    private final @Nullable Function<MessageBroker, ParticipantInbox> inboxes;
    private final Deque<CleanUp> cleanUps;
    private boolean closed;

    DurableEnvironment(String description, MessageBroker broker, SagaStore store,
                       @Nullable Function<MessageBroker, ParticipantInbox> inboxes, Deque<CleanUp> cleanUps) {
        this.description = description;
        this.broker = Objects.requireNonNull(broker, "broker");
        this.store = Objects.requireNonNull(store, "store");
        this.inboxes = inboxes;
        // Shared, not copied: inboxes made later add their clean-up to it.
        this.cleanUps = cleanUps;
    }

    @Override
    public MessageBroker broker() {
        return broker;
    }

    @Override
    public SagaStore store() {
        return store;
    }

    @Override
    public ParticipantInbox inbox(MessageBroker wrapped) {
        return inboxes == null ? new InMemoryParticipantInbox(wrapped) : inboxes.apply(wrapped);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        runAll(cleanUps, description);
    }

    /** Runs every clean-up, last added first; throws the first failure with the others suppressed. */
    static void runAll(Deque<CleanUp> cleanUps, String what) {
        SagaException failure = null;
        while (!cleanUps.isEmpty()) {
            CleanUp cleanUp = cleanUps.pollLast();
            try {
                cleanUp.run();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new SagaException("cleaning up " + what + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /** One step of cleaning up. */
    @FunctionalInterface
    interface CleanUp {
        void run() throws Exception;
    }
}

package io.sagaflow.test;

import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.SagaStore;

/**
 * The broker, store and participant inbox one harness runs on: in memory by default
 * ({@link InMemoryEnvironment}), or real infrastructure (RabbitMQ, a JDBC store) supplied by an adapter module.
 * The harness wraps what it gets with its fault-injecting decorators, so every failure works on every environment.
 *
 * <p>Contract: {@link #broker()} and {@link #store()} return the same instance on every call and start empty of this
 * test's messages and sagas (use unique queue and schema names); {@link #close()} releases and cleans up what the
 * environment created. Called from the test's thread only.
 *
 * @since 0.1
 */
public interface SagaTestEnvironment extends AutoCloseable {
    /** @return the broker every engine generation and participant of this harness shares */
    MessageBroker broker();

    /** @return the store every engine generation of this harness shares; it outlives simulated crashes */
    SagaStore store();

    /**
     * @param broker the (wrapped) broker replies must go through
     * @return the participants' inbox; by default the in-memory one
     */
    default ParticipantInbox inbox(MessageBroker broker) {
        return new InMemoryParticipantInbox(broker);
    }

    /**
     * @return true if the harness may close participants, engines and this environment in a background thread:
     *     right for in-memory resources nobody else sees; false (the default) to close them before the test ends
     */
    default boolean closeInBackground() {
        return false;
    }

    /** Closes the broker and store and removes what this environment created. */
    @Override
    void close();

    /**
     * Makes a fresh environment per harness, e.g. per test or per exploration run. Implementations have a public
     * no-argument constructor so {@link SagaTest#environment()} can name them.
     *
     * @since 0.1
     */
    @FunctionalInterface
    interface Factory {
        /**
         * @param name unique per harness: letters, digits and dashes, to suffix queues, schemas or table prefixes
         * @return a new environment
         */
        SagaTestEnvironment create(String name);
    }
}

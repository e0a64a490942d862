package io.sagaflow.test;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.SagaStore;
import java.time.Duration;

/**
 * The default {@link SagaTestEnvironment.Factory}: a fresh {@link InMemoryMessageBroker} and {@link InMemorySagaStore}
 * per harness. The broker redelivers quickly and often, so a message a crashed engine failed to handle soon reaches
 * the next engine generation.
 *
 * <p>Thread-safe. Its environments let the harness close them in the background: nothing outlives the harness.
 *
 * @since 0.1
 */
public final class InMemoryEnvironment implements SagaTestEnvironment.Factory {
    /** Deliveries of one message before the in-memory broker gives up on it. */
    public static final int DEFAULT_MAX_DELIVERIES = 1_000;
    /** Pause before a failed delivery is tried again. */
    public static final Duration DEFAULT_REDELIVERY_DELAY = Duration.ofMillis(2);

    /** Creates the factory. */
    public InMemoryEnvironment() {
        // stateless
    }

    @Override
    public SagaTestEnvironment create(String name) {
        InMemoryMessageBroker broker = new InMemoryMessageBroker(DEFAULT_MAX_DELIVERIES, DEFAULT_REDELIVERY_DELAY, 2);
        InMemorySagaStore store = new InMemorySagaStore();
        return new SagaTestEnvironment() {
            @Override
            public MessageBroker broker() {
                return broker;
            }

            @Override
            public SagaStore store() {
                return store;
            }

            @Override
            public boolean closeInBackground() {
                return true;
            }

            @Override
            public void close() {
                broker.close();
            }

            @Override
            public String toString() {
                return "in-memory environment " + name;
            }
        };
    }
}

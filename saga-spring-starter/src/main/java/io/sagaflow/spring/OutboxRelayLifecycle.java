package io.sagaflow.spring;

import io.sagaflow.spi.support.OutboxRelay;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Starts an {@link OutboxRelay} (the JDBC inbox's replies) before the participant runtime and stops it after, so
 * replies written while handlers finish still get a chance to go; what is left waits in the outbox for the next
 * start. Thread-safe.
 */
final class OutboxRelayLifecycle implements SmartLifecycle {
    private final OutboxRelay relay;
    private volatile boolean running;

    OutboxRelayLifecycle(OutboxRelay relay) {
        this.relay = Objects.requireNonNull(relay, "relay");
    }

    @Override
    public synchronized void start() {
        if (!running) {
            relay.start();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            relay.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Starts before and stops after SagaflowLifecycle.
        return SagaflowLifecycle.PHASE - 1;
    }
}

package io.sagaflow.spi.support;

import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageOutbox;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves messages from an outbox to a broker on a thread of its own: relays batches while there are any, and waits on
 * the outbox's commit signal when there are none. A failed publish leaves the batch in the outbox and is tried again
 * after a growing pause, so a broker outage delays messages but loses none.
 *
 * <p>Thread-safe; start once, close once.
 *
 * @since 0.1
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final String name;
    private final MessageOutbox outbox;
    private final MessageBroker broker;
    private final int batchSize;
    private final Duration idleWait;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread thread;

    /**
     * @param name names the thread and log lines
     * @param outbox where messages wait
     * @param broker where they go
     * @param batchSize the largest batch per publish
     * @param idleWait the longest wait for a commit signal before looking again
     */
    public OutboxRelay(String name, MessageOutbox outbox, MessageBroker broker, int batchSize, Duration idleWait) {
        this.name = Objects.requireNonNull(name, "name");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.batchSize = batchSize;
        this.idleWait = Objects.requireNonNull(idleWait, "idleWait");
    }

    /** Starts the relay thread. Idempotent. */
    public void start() {
        if (running.compareAndSet(false, true)) {
            thread = Thread.ofPlatform().daemon().name("sagaflow-relay-" + name).start(this::run);
        }
    }

    /**
     * Relays until the outbox is empty, on the caller's thread.
     *
     * @return how many messages were sent
     * @throws Exception what the broker threw; the failed batch stays in the outbox
     */
    public int drain() throws Exception {
        int total = 0;
        int sent;
        while ((sent = outbox.relay(batchSize, broker::publish)) > 0) {
            total += sent;
        }
        return total;
    }

    private void run() {
        long pauseMillis = 50;
        while (running.get()) {
            try {
                if (outbox.relay(batchSize, broker::publish) == 0) {
                    outbox.awaitMessages(idleWait);
                }
                pauseMillis = 50;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running.get()) {
                    return;
                }
                log.warn("outbox relay {}: publish failed, messages stay in the outbox and are retried in {} ms: {}",
                        name, pauseMillis, e.toString());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    /** Stops the relay thread; messages not yet sent stay in the outbox. */
    @Override
    public void close() {
        if (running.compareAndSet(true, false)) {
            Thread t = thread;
            if (t != null) {
                t.interrupt();
                try {
                    t.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

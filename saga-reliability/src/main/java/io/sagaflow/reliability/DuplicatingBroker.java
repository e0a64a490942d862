package io.sagaflow.reliability;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker decorator that publishes a second copy, with the same message id, of a fraction of the envelopes, as
 * an at-least-once broker or a retrying relay may. Thread-safe.
 */
final class DuplicatingBroker implements MessageBroker {
    private final MessageBroker delegate;
    private final double fraction;
    private final SplittableRandom random;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();

    DuplicatingBroker(MessageBroker delegate, double fraction, long seed) {
        this.delegate = delegate;
        this.fraction = fraction;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void publish(List<Envelope> messages) {
        List<Envelope> out = new ArrayList<>(messages.size() + messages.size() / 4 + 1);
        int copies = 0;
        synchronized (random) {
            for (Envelope message : messages) {
                out.add(message);
                if (random.nextDouble() < fraction) {
                    out.add(message);
                    copies++;
                }
            }
        }
        delegate.publish(out);
        // Counted once confirmed; a failed publish is retried by the outbox and may draw again.
        published.addAndGet(messages.size());
        duplicated.addAndGet(copies);
    }

    @Override
    public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
        return delegate.subscribe(destination, group, handler);
    }

    @Override
    public void close() {
        delegate.close();
    }

    long published() {
        return published.get();
    }

    long duplicated() {
        return duplicated.get();
    }
}

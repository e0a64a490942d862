package io.sagaflow.axon;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A broker that loses the first matching messages, as a crash right after an Axon handler committed would. */
final class LosingBroker implements MessageBroker {
    private final MessageBroker delegate;
    private final Predicate<Envelope> matches;
    private final AtomicInteger toLose;
    final AtomicInteger lost = new AtomicInteger();

    LosingBroker(MessageBroker delegate, Predicate<Envelope> matches, int count) {
        this.delegate = Objects.requireNonNull(delegate);
        this.matches = matches;
        this.toLose = new AtomicInteger(count);
    }

    @Override
    public void publish(List<Envelope> messages) {
        delegate.publish(messages.stream().filter(m -> {
            boolean lose = matches.test(m) && toLose.getAndDecrement() > 0;
            if (lose) {
                lost.incrementAndGet();
            }
            return !lose;
        }).toList());
    }

    @Override
    public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
        return delegate.subscribe(destination, group, handler);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

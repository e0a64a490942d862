package io.sagaflow.jdbc;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.util.ArrayList;
import java.util.List;

/** A broker that delivers every message twice, as at-least-once brokers may. */
final class DuplicatingBroker implements MessageBroker {
    private final MessageBroker delegate;

    DuplicatingBroker(MessageBroker delegate) {
        this.delegate = delegate;
    }

    @Override
    public void publish(List<Envelope> messages) {
        List<Envelope> twice = new ArrayList<>(messages.size() * 2);
        for (Envelope message : messages) {
            twice.add(message);
            twice.add(message);
        }
        delegate.publish(twice);
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

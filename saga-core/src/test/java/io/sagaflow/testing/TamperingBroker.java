package io.sagaflow.testing;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Wraps a broker: publishes chosen messages twice, swallows chosen ones, and keeps every reply sent. */
public final class TamperingBroker implements MessageBroker {
    private final MessageBroker delegate;
    private volatile Predicate<Envelope> duplicate = e -> false;
    private volatile Predicate<Envelope> drop = e -> false;
    private final List<Envelope> replies = new CopyOnWriteArrayList<>();

    public TamperingBroker(MessageBroker delegate) {
        this.delegate = delegate;
    }

    public TamperingBroker duplicate(Predicate<Envelope> which) {
        this.duplicate = which;
        return this;
    }

    public TamperingBroker drop(Predicate<Envelope> which) {
        this.drop = which;
        return this;
    }

    public List<Envelope> replies() {
        return List.copyOf(replies);
    }

    @Override
    public void publish(List<Envelope> messages) {
        List<Envelope> out = new ArrayList<>();
        for (Envelope message : messages) {
            if (message.kind() != MessageKind.COMMAND && message.kind() != MessageKind.EVENT) {
                replies.add(message);
            }
            if (drop.test(message)) {
                continue;
            }
            out.add(message);
            if (duplicate.test(message)) {
                out.add(message);
            }
        }
        delegate.publish(out);
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

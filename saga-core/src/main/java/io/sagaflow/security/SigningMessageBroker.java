package io.sagaflow.security;

import io.sagaflow.spi.BrokerState;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.Subscription;
import java.util.List;
import java.util.Objects;

/**
 * Wraps any broker so that every message published is signed and every message delivered is verified first: one that
 * does not verify never reaches the engine or a participant, and goes to the dead-letter place with the reason (the
 * handler throws {@link io.sagaflow.MessageRejectedException}).
 *
 * <pre>{@code
 * MessageBroker broker = new SigningMessageBroker(rabbit, HmacKeyRing.of("2026-11", secret));
 * }</pre>
 *
 * <p>Thread-safe when the wrapped broker is.
 *
 * @since 0.1
 */
public final class SigningMessageBroker implements MessageBroker {
    private final MessageBroker delegate;
    private final EnvelopeSigner signer;

    /**
     * @param delegate the broker that carries the messages
     * @param keys the keys to sign with and accept
     */
    public SigningMessageBroker(MessageBroker delegate, HmacKeyRing keys) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.signer = new EnvelopeSigner(keys);
    }

    @Override
    public void publish(List<Envelope> messages) {
        delegate.publish(messages.stream().map(signer::sign).toList());
    }

    @Override
    public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
        return delegate.subscribe(destination, group, envelope -> {
            signer.verify(envelope);
            handler.handle(envelope);
        });
    }

    @Override
    public BrokerState state() {
        return delegate.state();
    }

    @Override
    public void close() {
        delegate.close();
    }
}

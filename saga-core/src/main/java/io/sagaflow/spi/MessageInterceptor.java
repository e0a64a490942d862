package io.sagaflow.spi;

import java.util.List;
import java.util.Objects;

/**
 * Sees every message the engine and the participant runtime send and receive, for cross-cutting concerns such as
 * trace context: {@link #beforeSend} adds headers to an outgoing message on the thread that creates it (before it
 * is written to the outbox, so the context of the saga transition is still current), and {@link #aroundReceive}
 * wraps the handling of an incoming one (to open a scope from those headers).
 *
 * <p>Implementations are thread-safe, keep {@code beforeSend} cheap and side-effect free (it may run again when a
 * transition is retried after an optimistic-lock conflict), and always call the handler exactly once in
 * {@code aroundReceive}, letting its exception through unchanged: the broker's acknowledgement depends on it.
 *
 * @since 0.1
 */
public interface MessageInterceptor {
    /** Changes nothing. */
    MessageInterceptor NONE = new MessageInterceptor() {
    };

    /**
     * @param envelope a message about to be written to the outbox or published
     * @return the message to send: the same, or a copy with headers added ({@link Envelope#withHeaders})
     */
    default Envelope beforeSend(Envelope envelope) {
        return envelope;
    }

    /**
     * @param envelope a delivered message
     * @param handler the handling to run, exactly once
     * @throws Exception what the handler threw
     */
    default void aroundReceive(Envelope envelope, MessageHandler handler) throws Exception {
        handler.handle(envelope);
    }

    /**
     * @param interceptors applied in order to outgoing messages; the first is the outermost around incoming ones
     * @return one interceptor doing what all of them do
     */
    static MessageInterceptor composite(List<MessageInterceptor> interceptors) {
        List<MessageInterceptor> all = List.copyOf(interceptors);
        if (all.isEmpty()) {
            return NONE;
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        return new MessageInterceptor() {
            @Override
            public Envelope beforeSend(Envelope envelope) {
                Envelope result = envelope;
                for (MessageInterceptor interceptor : all) {
                    result = Objects.requireNonNull(interceptor.beforeSend(result), "beforeSend returned null");
                }
                return result;
            }

            @Override
            public void aroundReceive(Envelope envelope, MessageHandler handler) throws Exception {
                MessageHandler chain = handler;
                for (int i = all.size() - 1; i >= 0; i--) {
                    MessageInterceptor interceptor = all.get(i);
                    MessageHandler next = chain;
                    chain = e -> interceptor.aroundReceive(e, next);
                }
                chain.handle(envelope);
            }
        };
    }
}

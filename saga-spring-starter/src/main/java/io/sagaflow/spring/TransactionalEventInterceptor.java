package io.sagaflow.spring;

import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageInterceptor;
import io.sagaflow.spi.MessageKind;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs participants' {@link io.sagaflow.annotation.EventHandler event handlers} inside a Spring-managed
 * transaction, as {@link TransactionalParticipantInbox} does for command handlers: a handler that throws rolls its
 * change back and the event is delivered again. Other messages pass through untouched.
 *
 * <p>Innermost of the interceptors ({@link Ordered#LOWEST_PRECEDENCE}), so a tracing scope encloses the transaction.
 * Thread-safe.
 *
 * @since 0.1
 */
public final class TransactionalEventInterceptor implements MessageInterceptor, Ordered {
    private final TransactionTemplate transactions;

    /** @param transactions the application's transaction settings */
    public TransactionalEventInterceptor(TransactionTemplate transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public void aroundReceive(Envelope envelope, MessageHandler handler) throws Exception {
        if (envelope.kind() != MessageKind.EVENT) {
            handler.handle(envelope);
            return;
        }
        Exception[] failure = new Exception[1];
        transactions.executeWithoutResult(status -> {
            try {
                handler.handle(envelope);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // TransactionTemplate rolls back only on unchecked exceptions: mark it, then rethrow outside.
                status.setRollbackOnly();
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

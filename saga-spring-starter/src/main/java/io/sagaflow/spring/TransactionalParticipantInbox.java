package io.sagaflow.spring;

import io.sagaflow.SagaException;
import io.sagaflow.spi.CommandWork;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.ParticipantInbox;
import java.util.Objects;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a participant's command handling inside a Spring-managed transaction, so the handler's business change
 * commits or rolls back with Sagaflow's own records.
 *
 * <p>Two placements, chosen by what the wrapped inbox is:
 *
 * <ul>
 *   <li>{@link #around} — for an inbox that joins the current transaction (the JDBC inbox): the inbox record, the
 *       business change and the reply in the outbox commit together, once;</li>
 *   <li>{@link #aroundWork} — for an inbox that keeps its records elsewhere (the in-memory one): only the handler
 *       runs in the transaction, and the inbox records the outcome and replies after it committed. Replying before
 *       the commit could report a change that then rolls back.</li>
 * </ul>
 *
 * <p>A handler that throws rolls the transaction back and nothing is recorded, so the redelivered command runs
 * again. Thread-safe when the wrapped inbox is.
 *
 * @since 0.1
 */
public final class TransactionalParticipantInbox implements ParticipantInbox {
    private final ParticipantInbox delegate;
    private final TransactionTemplate transactions;
    private final boolean wholeProcess;

    private TransactionalParticipantInbox(ParticipantInbox delegate, TransactionTemplate transactions,
                                          boolean wholeProcess) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.wholeProcess = wholeProcess;
    }

    /**
     * @param inbox an inbox whose records join the current transaction
     * @param transactions the application's transaction settings
     * @return an inbox running {@code process} in one transaction
     */
    public static TransactionalParticipantInbox around(ParticipantInbox inbox, TransactionTemplate transactions) {
        return new TransactionalParticipantInbox(inbox, transactions, true);
    }

    /**
     * @param inbox an inbox whose records live outside the transaction
     * @param transactions the application's transaction settings
     * @return an inbox running only the handler in a transaction
     */
    public static TransactionalParticipantInbox aroundWork(ParticipantInbox inbox, TransactionTemplate transactions) {
        return new TransactionalParticipantInbox(inbox, transactions, false);
    }

    /** @return the wrapped inbox */
    public ParticipantInbox delegate() {
        return delegate;
    }

    @Override
    public void process(Envelope command, CommandWork work) throws Exception {
        if (wholeProcess) {
            inTransaction(() -> {
                delegate.process(command, work);
                return null;
            });
        } else {
            delegate.process(command, c -> inTransaction(() -> work.execute(c)));
        }
    }

    private <T> T inTransaction(Work<T> work) throws Exception {
        try {
            return transactions.execute(status -> {
                try {
                    return work.run();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    // TransactionTemplate rolls back on unchecked exceptions only: carry the checked one out.
                    throw new CheckedFailure(e);
                }
            });
        } catch (CheckedFailure e) {
            throw e.failure;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    /** Carries a handler's checked exception through the transaction callback; never escapes this class. */
    private static final class CheckedFailure extends SagaException {
        private static final long serialVersionUID = 1L;
        private final transient Exception failure;

        CheckedFailure(Exception failure) {
            super("handler failed in a transaction", failure);
            this.failure = failure;
        }
    }
}

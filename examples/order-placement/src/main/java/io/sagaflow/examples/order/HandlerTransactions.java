package io.sagaflow.examples.order;

import io.sagaflow.CommandHandler;
import io.sagaflow.jdbc.JdbcCommandHandler;
import io.sagaflow.jdbc.JdbcParticipantInbox;

/**
 * Where a service's command handlers get their database transaction: from the JDBC participant inbox (the inbox
 * record, the business change and the reply commit together), or, where another inbox is in use (the test harness),
 * a transaction of their own. The handlers themselves are the same code either way.
 */
interface HandlerTransactions {
    /**
     * @param handler business code on the transaction's connection
     * @param <C> the command type
     * @return a command handler running it in the transaction
     */
    <C> CommandHandler<C> handler(JdbcCommandHandler<C> handler);

    /** @param inbox the service's inbox @return handlers in the inbox's transaction */
    static HandlerTransactions inbox(JdbcParticipantInbox inbox) {
        return inbox::handler;
    }

    /** @param database the service's database @return handlers in a transaction of their own */
    static HandlerTransactions own(ServiceDatabase database) {
        return new HandlerTransactions() {
            @Override
            public <C> CommandHandler<C> handler(JdbcCommandHandler<C> handler) {
                return (command, context) -> database.inTransaction(c -> handler.handle(command, context, c));
            }
        };
    }
}

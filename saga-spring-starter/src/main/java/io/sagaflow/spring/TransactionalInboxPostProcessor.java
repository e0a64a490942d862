package io.sagaflow.spring;

import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.spi.ParticipantInbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wraps every {@link ParticipantInbox} bean in a {@link TransactionalParticipantInbox} when the application has a
 * single {@link PlatformTransactionManager}: the in-memory inbox around the handler only, any other inbox (the JDBC
 * one, a user's) around the whole processing. The starter's own JDBC inbox ({@link JdbcStoreConfiguration#INBOX})
 * is left as it is: it runs each command in the application's transaction itself, and signals its relay after the
 * commit.
 */
final class TransactionalInboxPostProcessor implements BeanPostProcessor {
    private final ObjectProvider<PlatformTransactionManager> transactionManager;

    TransactionalInboxPostProcessor(ObjectProvider<PlatformTransactionManager> transactionManager) {
        this.transactionManager = transactionManager;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof ParticipantInbox inbox) || bean instanceof TransactionalParticipantInbox
                || JdbcStoreConfiguration.INBOX.equals(beanName)) {
            return bean;
        }
        PlatformTransactionManager manager = transactionManager.getIfUnique();
        if (manager == null) {
            return bean;
        }
        TransactionTemplate transactions = new TransactionTemplate(manager);
        return inbox instanceof InMemoryParticipantInbox ? TransactionalParticipantInbox.aroundWork(inbox, transactions)
                : TransactionalParticipantInbox.around(inbox, transactions);
    }
}

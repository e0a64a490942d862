package io.sagaflow.spring;

import io.sagaflow.SagaEngineConfig;
import io.sagaflow.jdbc.JdbcHousekeeper;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.jdbc.TransactionRunner;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.support.OutboxRelay;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The JDBC store and inbox (module saga-jdbc) on the application's single {@link DataSource}: a
 * {@link JdbcSagaStore}, a {@link JdbcParticipantInbox} whose transactions are the application's (see
 * {@link SpringTransactionRunner}), the relay of the inbox's replies, and a {@link JdbcHousekeeper} deleting what is
 * older than {@code sagaflow.jdbc.retention}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.sagaflow.jdbc.JdbcSagaStore", "org.springframework.jdbc.datasource.DataSourceUtils"})
@ConditionalOnSingleCandidate(DataSource.class)
final class JdbcStoreConfiguration {
    /** The inbox bean's name; {@link TransactionalInboxPostProcessor} leaves it alone, it is transactional itself. */
    static final String INBOX = "sagaflowJdbcParticipantInbox";
    /** How long the reply relay waits for a commit signal before it looks at the outbox anyway. */
    static final Duration RELAY_IDLE_WAIT = Duration.ofSeconds(1);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SagaStore.class)
    JdbcSagaStore sagaflowSagaStore(DataSource dataSource, SagaflowProperties properties) {
        JdbcSettings jdbc = properties.getJdbc();
        JdbcSagaStore.Builder builder = JdbcSagaStore.builder(dataSource).createSchema(jdbc.isCreateSchema())
                .tablePrefix(jdbc.getTablePrefix()).groupCommit(jdbc.isGroupCommit())
                .maxBatchSize(jdbc.getMaxBatchSize()).handOverOnCommit(jdbc.isHandOverOnCommit())
                .handOverLease(jdbc.getHandOverLease());
        String schema = jdbc.getSchema();
        if (schema != null) {
            builder.schema(schema);
        }
        return builder.build();
    }

    @Bean(name = INBOX, destroyMethod = "close")
    @ConditionalOnMissingBean(ParticipantInbox.class)
    @ConditionalOnProperty(name = "sagaflow.participants.enabled", havingValue = "true", matchIfMissing = true)
    JdbcParticipantInbox sagaflowJdbcParticipantInbox(DataSource dataSource, SagaflowProperties properties,
                                                      Environment environment,
                                                      ObjectProvider<PlatformTransactionManager> managers) {
        JdbcSettings jdbc = properties.getJdbc();
        JdbcParticipantInbox.Builder builder = JdbcParticipantInbox.builder(dataSource)
                .createSchema(jdbc.isCreateSchema()).tablePrefix(jdbc.getTablePrefix());
        String schema = jdbc.getSchema();
        if (schema != null) {
            builder.schema(schema);
        }
        PlatformTransactionManager manager = managers.getIfUnique();
        boolean transactional = environment.getProperty("sagaflow.participants.transactional", Boolean.class, true);
        builder.transactions(manager != null && transactional
                ? new SpringTransactionRunner(dataSource, new TransactionTemplate(manager))
                : TransactionRunner.of(dataSource));
        return builder.build();
    }

    @Bean
    @ConditionalOnBean(name = INBOX)
    @ConditionalOnMissingBean
    OutboxRelayLifecycle sagaflowInboxRelay(JdbcParticipantInbox sagaflowJdbcParticipantInbox, MessageBroker broker,
                                            SagaflowProperties properties) {
        int batch = properties.getEngine().getOutboxBatchSize();
        return new OutboxRelayLifecycle(new OutboxRelay("participant-replies", sagaflowJdbcParticipantInbox.outbox(),
                broker, batch > 0 ? batch : SagaEngineConfig.DEFAULT_OUTBOX_BATCH_SIZE, RELAY_IDLE_WAIT));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnBean(JdbcSagaStore.class)
    @ConditionalOnMissingBean
    JdbcHousekeeper sagaflowJdbcHousekeeper(ObjectProvider<JdbcSagaStore> stores,
                                            ObjectProvider<JdbcParticipantInbox> inboxes,
                                            SagaflowProperties properties) {
        JdbcHousekeeper.Builder builder = JdbcHousekeeper.builder().retention(properties.getJdbc().getRetention())
                .interval(properties.getJdbc().getHousekeepingInterval());
        stores.orderedStream().forEach(builder::store);
        inboxes.orderedStream().forEach(builder::inbox);
        return builder.build();
    }
}

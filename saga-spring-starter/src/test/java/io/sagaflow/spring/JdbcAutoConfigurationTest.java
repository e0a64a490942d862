package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.CommandOutcome;
import io.sagaflow.annotation.CommandHandler;
import io.sagaflow.annotation.SagaParticipant;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.jdbc.JdbcHousekeeper;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.SagaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/** The JDBC group on an H2 DataSource: store, inbox in the application's transactions, relay and housekeeper. */
class JdbcAutoConfigurationTest {
    private static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:starter-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
        dataSource.setUser("sa");
        return dataSource;
    }

    /** An application with an H2 DataSource and its transaction manager. */
    private static ApplicationContextRunner withDatabase() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SagaflowAutoConfiguration.class))
                .withBean(DataSource.class, JdbcAutoConfigurationTest::h2)
                .withUserConfiguration(Transactions.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Transactions {
        @Bean
        PlatformTransactionManager transactionManager(DataSource dataSource) {
            return new DataSourceTransactionManager(dataSource);
        }
    }

    @Test
    void usesJdbcStoreWhenDataSourcePresent() {
        withDatabase()
                .withPropertyValues("sagaflow.jdbc.table-prefix=shop_", "sagaflow.jdbc.retention=3d")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(SagaStore.class).isInstanceOf(JdbcSagaStore.class);
                    assertThat(context).getBean(ParticipantInbox.class).isInstanceOf(JdbcParticipantInbox.class);
                    assertThat(context).getBean(MessageBroker.class).isInstanceOf(InMemoryMessageBroker.class);
                    assertThat(context).hasSingleBean(JdbcHousekeeper.class);
                    assertThat(context.getBean(OutboxRelayLifecycle.class).isRunning()).isTrue();
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(jdbc.queryForObject("select count(*) from shop_saga", Long.class)).isZero();
                    assertThat(jdbc.queryForObject("select count(*) from shop_inbox", Long.class)).isZero();
                });
    }

    @Test
    void handsCommittedMessagesOverToTheRelaysUnlessTurnedOff() {
        withDatabase().withPropertyValues("sagaflow.jdbc.hand-over-lease=30s").run(context -> {
            JdbcSagaStore store = context.getBean(JdbcSagaStore.class);
            assertThat(store.outbox().handOverOnCommit(true)).isTrue();
            store.outbox().handOverOnCommit(false);
            assertThat(context.getBean(SagaflowProperties.class).getJdbc().getHandOverLease())
                    .isEqualTo(Duration.ofSeconds(30));
        });
        withDatabase().withPropertyValues("sagaflow.jdbc.hand-over-on-commit=false").run(context ->
                assertThat(context.getBean(JdbcSagaStore.class).outbox().handOverOnCommit(true)).isFalse());
        withDatabase().withPropertyValues("sagaflow.jdbc.hand-over-lease=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("handOverLease must be positive, was PT0S"));
    }

    @Test
    void staysInMemoryWithoutADataSourceOrWithoutTheJdbcModule() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SagaflowAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).getBean(SagaStore.class).isInstanceOf(InMemorySagaStore.class);
                    assertThat(context).doesNotHaveBean(JdbcHousekeeper.class);
                });
        withDatabase()
                .withClassLoader(new FilteredClassLoader(JdbcSagaStore.class))
                .run(context -> assertThat(context).getBean(SagaStore.class).isInstanceOf(InMemorySagaStore.class));
    }

    @Test
    void backsOffWhenUserDefinesSagaStoreEvenWithADataSource() {
        InMemorySagaStore mine = new InMemorySagaStore();
        withDatabase()
                .withBean("myStore", SagaStore.class, () -> mine)
                .run(context -> {
                    assertThat(context).hasSingleBean(SagaStore.class);
                    assertThat(context.getBean(SagaStore.class)).isSameAs(mine);
                    assertThat(context).doesNotHaveBean(JdbcHousekeeper.class);
                    assertThat(context).getBean(ParticipantInbox.class).isInstanceOf(JdbcParticipantInbox.class);
                });
    }

    @Test
    void participantHandlerRunsInSpringTransaction() {
        withDatabase()
                .withPropertyValues("sagaflow.in-memory.redelivery-delay=10ms")
                .withBean(Ledger.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    jdbc.execute("create table ledger (entry varchar(100) primary key, amount int)");
                    Ledger ledger = context.getBean(Ledger.class);
                    List<Envelope> replies = replies(context);

                    Envelope refused = command(context, new Debit("e-1", -5));
                    context.getBean(MessageBroker.class).publish(List.of(refused));
                    await().atMost(Duration.ofSeconds(10)).until(() -> replyTo(replies, refused) != null);
                    assertThat(replyTo(replies, refused).kind()).isEqualTo(MessageKind.REPLY_ERROR);
                    assertThat(ledger.calls).as("the handler ran and wrote before it threw").hasValue(1);
                    assertThat(count(jdbc, "ledger")).as("its write rolled back").isZero();
                    assertThat(count(jdbc, "sagaflow_inbox")).as("no inbox row").isZero();

                    Envelope debit = command(context, new Debit("e-2", 7));
                    context.getBean(MessageBroker.class).publish(List.of(debit, debit));
                    await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream()
                            .filter(r -> debit.messageId().equals(r.correlationId())).count() == 2);
                    assertThat(replies).filteredOn(r -> debit.messageId().equals(r.correlationId()))
                            .extracting(Envelope::kind).containsOnly(MessageKind.REPLY_SUCCESS);
                    assertThat(ledger.calls).as("the duplicate was answered from the inbox").hasValue(2);
                    assertThat(count(jdbc, "ledger")).isEqualTo(1);
                    assertThat(count(jdbc, "sagaflow_inbox")).isEqualTo(1);
                });
    }

    private static long count(JdbcTemplate jdbc, String table) {
        Long count = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return count == null ? -1 : count;
    }

    private static List<Envelope> replies(AssertableApplicationContext context) {
        List<Envelope> replies = new CopyOnWriteArrayList<>();
        context.getBean(MessageBroker.class).subscribe(Destination.replies("test"), MessageBroker.DEFAULT_GROUP,
                replies::add);
        return replies;
    }

    private static Envelope replyTo(List<Envelope> replies, Envelope command) {
        return replies.stream().filter(r -> command.messageId().equals(r.correlationId())).findFirst().orElse(null);
    }

    private static Envelope command(AssertableApplicationContext context, Debit debit) {
        byte[] payload = context.getBean(MessageCodec.class).encode(debit);
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, Destination.commands("ledger"), "Debit",
                UUID.randomUUID().toString(), "pay", "debit", null, Destination.replies("test"), Instant.now(),
                Map.of(Envelope.ATTEMPT, "1"), payload);
    }

    record Debit(String entry, int amount) {
    }

    /** Writes an entry with JdbcTemplate, then refuses negative amounts by throwing. */
    @SagaParticipant("ledger")
    static class Ledger {
        final AtomicInteger calls = new AtomicInteger();
        private final JdbcTemplate jdbc;

        Ledger(DataSource dataSource) {
            this.jdbc = new JdbcTemplate(dataSource);
        }

        @CommandHandler
        CommandOutcome debit(Debit debit) {
            calls.incrementAndGet();
            jdbc.update("insert into ledger values (?, ?)", debit.entry(), debit.amount());
            if (debit.amount() < 0) {
                throw new IllegalStateException("negative amount " + debit.amount());
            }
            return CommandOutcome.success();
        }
    }
}

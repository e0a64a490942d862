package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.inmemory.InMemoryParticipantInbox;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.spi.Subscription;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The handler's business change commits with, or before, what the inbox records and replies; never after. */
class TransactionalParticipantInboxTest {
    private JdbcDataSource dataSource;
    private JdbcTemplate jdbc;
    private TransactionTemplate transactions;
    private final RecordingBroker broker = new RecordingBroker();

    @BeforeEach
    void createDatabase() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:inbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table reservations (order_id varchar(50) primary key)");
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void dropDatabase() {
        jdbc.execute("shutdown");
    }

    private int reservations() {
        return jdbc.queryForObject("select count(*) from reservations", Integer.class);
    }

    @Test
    void commitsTheHandlersChangeBeforeTheInMemoryInboxReplies() throws Exception {
        var inbox = TransactionalParticipantInbox.aroundWork(new InMemoryParticipantInbox(broker), transactions);
        Envelope command = command();

        inbox.process(command, c -> {
            assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
            jdbc.update("insert into reservations values (?)", "o-1");
            return reply(c);
        });

        assertThat(broker.rowsSeenAtPublish).as("the reply went out after the commit").containsExactly(1);
        assertThat(reservations()).isEqualTo(1);
    }

    @Test
    void rollsBackWhenTheHandlerThrowsAndRunsItAgainOnRedelivery() throws Exception {
        var inbox = TransactionalParticipantInbox.aroundWork(new InMemoryParticipantInbox(broker), transactions);
        Envelope command = command();
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> inbox.process(command, c -> {
            jdbc.update("insert into reservations values (?)", "o-1");
            attempts.incrementAndGet();
            throw new IOException("disk full after the insert");
        })).isInstanceOf(IOException.class).hasMessage("disk full after the insert");
        assertThat(reservations()).as("rolled back").isZero();
        assertThat(broker.published).isEmpty();

        inbox.process(command, c -> {
            jdbc.update("insert into reservations values (?)", "o-1");
            attempts.incrementAndGet();
            return reply(c);
        });
        inbox.process(command, c -> {
            attempts.incrementAndGet();
            return reply(c);
        });

        assertThat(reservations()).isEqualTo(1);
        assertThat(attempts).as("the duplicate was answered from the inbox").hasValue(2);
        assertThat(broker.published).hasSize(2).extracting(Envelope::correlationId)
                .containsOnly(command.messageId());
    }

    @Test
    void runsTheWholeProcessOfAJoiningInboxInOneTransaction() {
        var inbox = TransactionalParticipantInbox.around((command, work) -> {
            // A JDBC inbox records the message id in the caller's transaction, then runs the work.
            jdbc.update("insert into reservations values (?)", "inbox-" + command.messageId());
            work.execute(command);
            throw new IllegalStateException("outbox insert failed");
        }, transactions);

        assertThatThrownBy(() -> inbox.process(command(), c -> {
            jdbc.update("insert into reservations values (?)", "o-1");
            return reply(c);
        })).isInstanceOf(IllegalStateException.class);
        assertThat(reservations()).as("inbox row and business change rolled back together").isZero();
    }

    @Test
    void rollsBackAnEventHandlerThatThrowsAndLetsOtherMessagesPass() throws Exception {
        TransactionalEventInterceptor interceptor = new TransactionalEventInterceptor(transactions);
        Envelope event = new Envelope(Envelope.newMessageId(), MessageKind.EVENT, Destination.events("order-events"),
                "OrderConfirmed", null, null, null, null, null, Instant.now(), Map.of(), new byte[0]);

        assertThatThrownBy(() -> interceptor.aroundReceive(event, e -> {
            jdbc.update("insert into reservations values (?)", "o-1");
            throw new IOException("mail server down");
        })).isInstanceOf(IOException.class);
        assertThat(reservations()).as("rolled back, the event comes again").isZero();

        interceptor.aroundReceive(event, e -> jdbc.update("insert into reservations values (?)", "o-1"));
        assertThat(reservations()).isEqualTo(1);
        AtomicInteger outside = new AtomicInteger();
        interceptor.aroundReceive(command(), e -> {
            if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                outside.incrementAndGet();
            }
        });
        assertThat(outside).as("commands are the inbox's business").hasValue(1);
    }

    private static Envelope command() {
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, Destination.commands("inventory"), "Reserve",
                UUID.randomUUID().toString(), "place-order", "reserve", null, Destination.replies("default"),
                Instant.now(), Map.of(), new byte[0]);
    }

    private static Envelope reply(Envelope command) {
        return new Envelope(Envelope.newMessageId(), MessageKind.REPLY_SUCCESS, Destination.replies("default"), null,
                command.sagaId(), command.sagaType(), command.step(), command.messageId(), null, Instant.now(),
                Map.of(), new byte[0]);
    }

    /** Records replies and how many reservations another connection could see when each was published. */
    private final class RecordingBroker implements MessageBroker {
        final List<Envelope> published = new CopyOnWriteArrayList<>();
        final List<Integer> rowsSeenAtPublish = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<Envelope> messages) {
            rowsSeenAtPublish.add(reservations());
            published.addAll(messages);
        }

        @Override
        public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
            return () -> { };
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}

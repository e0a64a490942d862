package io.sagaflow.examples.order;

import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageCodec;
import io.sagaflow.spi.support.OutboxRelay;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts one service's participant on its own database: the JDBC participant inbox (a redelivered command never
 * applies twice; the inbox record, the business change and the reply commit in one transaction), the runtime that
 * consumes the service's commands and events, and the relay that sends the replies from the inbox's outbox.
 *
 * <p>One per service because each service has its own database, and an inbox lives in one database. Start once,
 * close once; not for concurrent start and close.
 */
final class ParticipantHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParticipantHost.class);

    private final ServiceDatabase database;
    private final JdbcParticipantInbox inbox;
    private final ParticipantRuntime runtime;
    private final OutboxRelay replies;

    ParticipantHost(ServiceDatabase database, MessageBroker broker, MessageCodec codec, boolean createSchema,
                    Function<HandlerTransactions, Participant> participant) {
        this.database = database;
        this.inbox = database.inbox(createSchema);
        this.runtime = ParticipantRuntime.builder().broker(broker).codec(codec).inbox(inbox)
                .participant(participant.apply(HandlerTransactions.inbox(inbox)))
                .build();
        this.replies = new OutboxRelay(database.service(), inbox.outbox(), broker, 100, Duration.ofSeconds(1));
    }

    void start() {
        replies.start();
        runtime.start();
        log.info("{} service started on its own database{}", database.service(),
                database.schema() == null ? "" : " (schema " + database.schema() + ")");
    }

    @Override
    public void close() {
        runtime.close();
        replies.close();
        inbox.close();
        database.close();
    }
}

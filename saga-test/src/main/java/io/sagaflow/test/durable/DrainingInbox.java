package io.sagaflow.test.durable;

import io.sagaflow.jdbc.JdbcParticipantInbox;
import io.sagaflow.spi.CommandWork;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.ParticipantInbox;
import io.sagaflow.spi.support.OutboxRelay;
import java.time.Duration;
import java.util.Deque;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC inbox for a harness: after each command it sends the reply from the inbox's outbox on the handler's
 * thread, so the reply is on its way before the command counts as handled (the harness waits for quiet by counting
 * messages in flight). A background relay sends whatever a failed send left behind.
 */
final class DrainingInbox implements ParticipantInbox {
    private static final Logger log = LoggerFactory.getLogger(DrainingInbox.class);
    private static final int BATCH = 64;
    private static final Duration IDLE_WAIT = Duration.ofMillis(50);

    private final JdbcParticipantInbox inbox;
    private final OutboxRelay relay;

    private DrainingInbox(JdbcParticipantInbox inbox, OutboxRelay relay) {
        this.inbox = inbox;
        this.relay = relay;
    }

    /** Makes the inbox and its relay on the database's tables (created if missing), and adds their clean-up. */
    static DrainingInbox create(DataSource dataSource, @Nullable String schema, MessageBroker broker,
                                Deque<DurableEnvironment.CleanUp> cleanUps) {
        JdbcParticipantInbox.Builder builder = JdbcParticipantInbox.builder(dataSource).createSchema(true)
                .listen(false);
        if (schema != null) {
            builder.schema(schema);
        }
        JdbcParticipantInbox inbox = builder.build();
        cleanUps.add(inbox::close);
        OutboxRelay relay = new OutboxRelay("harness-inbox", inbox.outbox(), broker, BATCH, IDLE_WAIT);
        relay.start();
        cleanUps.add(relay::close);
        return new DrainingInbox(inbox, relay);
    }

    @Override
    public void process(Envelope command, CommandWork work) throws Exception {
        inbox.process(command, work);
        try {
            relay.drain();
        } catch (Exception e) {
            // The reply is committed in the outbox: the background relay sends it on its next round.
            log.warn("reply to {} stays in the inbox's outbox for the background relay: {}", command, e.toString());
        }
    }
}

package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.rabbitmq.client.Channel;
import io.sagaflow.BrokerException;
import io.sagaflow.inmemory.InMemoryOutbox;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@RequiresRabbitMq
class PublisherConfirmTest {
    private RabbitFixture rabbit;
    private final ListAppender<ILoggingEvent> publisherLog = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        rabbit = new RabbitFixture();
        publisherLog.start();
        ((Logger) LoggerFactory.getLogger(Publisher.class)).addAppender(publisherLog);
    }

    @AfterEach
    void tearDown() throws Exception {
        ((Logger) LoggerFactory.getLogger(Publisher.class)).detachAppender(publisherLog);
        rabbit.close();
    }

    @Test
    void retriesNackedMessagesThenFailsAndTheOutboxKeepsThem() throws Exception {
        RabbitCtl.assumeAvailable();
        RabbitMqMessageBroker broker = rabbit.broker(rabbit.settings().publishAttempts(3).build());
        Destination destination = Destination.commands("full");
        String queue = rabbit.queue(destination, MessageBroker.DEFAULT_GROUP);
        String policy = rabbit.prefix + "-full";
        broker.topology().declareForPublish(brokerConnection(broker), destination);
        RabbitCtl.run("set_policy", "--apply-to", "queues", policy, "^" + queue.replace(".", "\\.") + "$",
                "{\"max-length\":0,\"overflow\":\"reject-publish\"}");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> rabbit.nacksPublishesTo(queue));
            InMemoryOutbox outbox = new InMemoryOutbox();
            Envelope command = Messages.command("full", "no room");
            outbox.append(List.of(command));

            assertThatThrownBy(() -> outbox.relay(10, broker::publish))
                    .isInstanceOf(BrokerException.class)
                    .hasMessageContaining("1 of 1 messages not confirmed by RabbitMQ after 3 attempts")
                    .hasMessageContaining(command.messageId())
                    .hasMessageContaining("nacked by the broker");
            assertThat(outbox.pending()).isEqualTo(1);
            assertThat(publisherLog.list).filteredOn(e -> e.getLevel().toString().equals("WARN"))
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("(attempt 1 of 3)"))
                    .anySatisfy(m -> assertThat(m).contains("(attempt 2 of 3)"));
        } finally {
            RabbitCtl.run("clear_policy", policy);
        }
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(List.of(Messages.command("full", "room again")));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> outbox.relay(10, broker::publish) == 1);
        assertThat(rabbit.messageCount(queue)).isEqualTo(1);
    }

    @Test
    void redeclaresAnExchangeDeletedUnderneathAndDelivers() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker();
        List<Envelope> received = new CopyOnWriteArrayList<>();
        broker.publish(List.of(Messages.command("moved", "first")));
        try (Channel channel = rabbit.channel()) {
            channel.exchangeDelete(rabbit.prefix + ".commands");
        }
        Envelope second = Messages.command("moved", "second");

        broker.publish(List.of(second));

        broker.subscribe(Destination.commands("moved"), MessageBroker.DEFAULT_GROUP, received::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(second) && received.size() == 2);
        assertThat(publisherLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("not confirmed (attempt 1 of 3)").contains("404"));
    }

    @Test
    void refusesAMessageOverTheSizeLimitBeforeSendingIt() {
        RabbitMqMessageBroker broker = rabbit.broker(rabbit.settings().maxMessageBytes(10).build());
        Envelope big = Messages.command("inventory", "more than ten bytes");

        assertThatThrownBy(() -> broker.publish(List.of(big)))
                .isInstanceOf(BrokerException.class)
                .hasMessageContaining(big.messageId())
                .hasMessageContaining("over the limit of 10");
    }

    private static com.rabbitmq.client.Connection brokerConnection(RabbitMqMessageBroker broker) {
        return broker.publishConnection();
    }
}

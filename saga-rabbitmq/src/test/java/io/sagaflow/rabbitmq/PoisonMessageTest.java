package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.sagaflow.CommandOutcome;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@RequiresRabbitMq
class PoisonMessageTest {
    private RabbitFixture rabbit;

    @BeforeEach
    void setUp() throws Exception {
        rabbit = new RabbitFixture();
    }

    @AfterEach
    void tearDown() throws Exception {
        rabbit.close();
    }

    @Test
    void deadLettersGarbageWithTheReasonAndKeepsConsuming() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker();
        List<Envelope> handled = new CopyOnWriteArrayList<>();
        Destination destination = Destination.commands("inventory");
        broker.subscribe(destination, MessageBroker.DEFAULT_GROUP, handled::add);
        String queue = rabbit.queue(destination, MessageBroker.DEFAULT_GROUP);

        rabbit.publishRaw(rabbit.prefix + ".commands", "inventory", null, "\u0000garbage".getBytes());
        Envelope good = Messages.command("inventory", "after the garbage");
        broker.publish(List.of(good));

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(good));
        GetResponse dead = awaitDeadLetter(queue);
        assertThat(dead.getBody()).isEqualTo("\u0000garbage".getBytes());
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(headers.get(QueueConsumer.DEAD_LETTER_REASON).toString())
                .isEqualTo("undecodable: message has no message-id");
        assertThat(headers.get(QueueConsumer.DEAD_LETTER_QUEUE).toString()).isEqualTo(queue);
        assertThat(headers.get(QueueConsumer.DELIVERY_COUNT)).isEqualTo(1);
        assertThat(Instant.parse(headers.get(QueueConsumer.DEAD_LETTERED_AT).toString()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(handled).containsExactly(good);
    }

    @Test
    void deadLettersMalformedEnvelopesNamingTheField() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker(rabbit.settings().maxMessageBytes(1_000).build());
        broker.subscribe(Destination.commands("strict"), MessageBroker.DEFAULT_GROUP, m -> { });
        String queue = rabbit.queue(Destination.commands("strict"), MessageBroker.DEFAULT_GROUP);
        AMQP.BasicProperties unknownKind = new AMQP.BasicProperties.Builder().messageId("m-1")
                .headers(Map.of(EnvelopeMapper.KIND, "SHOUT", EnvelopeMapper.DESTINATION, "commands:strict"))
                .build();
        AMQP.BasicProperties fine = new AMQP.BasicProperties.Builder().messageId("m-2").type("Text")
                .headers(Map.of(EnvelopeMapper.KIND, "COMMAND", EnvelopeMapper.DESTINATION, "commands:strict",
                        EnvelopeMapper.CREATED_AT, Instant.now().toString()))
                .build();

        rabbit.publishRaw(rabbit.prefix + ".commands", "strict", unknownKind, new byte[0]);
        rabbit.publishRaw(rabbit.prefix + ".commands", "strict", fine, new byte[2_000]);

        assertThat(reason(awaitDeadLetter(queue))).isEqualTo("undecodable: message 'm-1' has unknown kind 'SHOUT'");
        assertThat(reason(awaitDeadLetter(queue)))
                .isEqualTo("undecodable: message 'm-2' is 2000 bytes, over the limit of 1000");
    }

    @Test
    void deadLettersACommandOfAnUnknownTypeAndAnswersTheOrchestrator() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker();
        Participant inventory = Participant.builder("inventory")
                .onCommand(String.class, (cmd, ctx) -> CommandOutcome.success())
                .build();
        ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker).participant(inventory).build();
        runtime.start();
        List<Envelope> replies = new CopyOnWriteArrayList<>();
        broker.subscribe(Destination.replies("default"), MessageBroker.DEFAULT_GROUP, replies::add);
        Envelope unknown = new Envelope(Envelope.newMessageId(), MessageKind.COMMAND,
                Destination.commands("inventory"), "LaunchRockets", "saga-9", "test-saga", "step-1", null,
                Destination.replies("default"), Instant.now(), Map.of(), "{}".getBytes(StandardCharsets.UTF_8));

        broker.publish(List.of(unknown));

        GetResponse dead = awaitDeadLetter(rabbit.queue(Destination.commands("inventory"),
                MessageBroker.DEFAULT_GROUP));
        assertThat(reason(dead)).startsWith("rejected: ").contains("LaunchRockets");
        assertThat(dead.getProps().getMessageId()).isEqualTo(unknown.messageId());
        await().atMost(Duration.ofSeconds(10)).until(() -> replies.stream()
                .anyMatch(r -> r.kind() == MessageKind.REPLY_ERROR && unknown.messageId().equals(r.correlationId())));
        runtime.close();
    }

    @ParameterizedTest(name = "quorum queues: {0}")
    @ValueSource(booleans = {false, true})
    void deadLettersAfterTheDeliveryLimitWithTheLastError(boolean quorum) throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker(rabbit.settings().quorumQueues(quorum).deliveryLimit(3)
                .build());
        AtomicInteger calls = new AtomicInteger();
        Destination destination = Destination.commands(quorum ? "doomed-q" : "doomed-c");
        broker.subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            throw new IllegalStateException("always broken, call " + calls.incrementAndGet());
        });
        Envelope command = Messages.command(destination.name(), "never works");

        broker.publish(List.of(command));

        GetResponse dead = awaitDeadLetter(rabbit.queue(destination, MessageBroker.DEFAULT_GROUP));
        assertThat(calls.get()).isEqualTo(3);
        assertThat(reason(dead)).isEqualTo(
                "handler failed 3 times, last: java.lang.IllegalStateException: always broken, call 3");
        assertThat(dead.getProps().getHeaders().get(QueueConsumer.DELIVERY_COUNT)).isEqualTo(3);
        assertThat(dead.getProps().getMessageId()).isEqualTo(command.messageId());
        assertThat(rabbit.messageCount(rabbit.queue(destination, MessageBroker.DEFAULT_GROUP))).isZero();
    }

    @Test
    void countsAHandlersInterruptedExceptionAsAFailureAndLeavesNoInterruptToTheNextDelivery() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker(rabbit.settings().deliveryLimit(3).consumersPerSubscription(1)
                .build());
        AtomicInteger calls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Boolean> interruptedOnEntry = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Destination destination = Destination.commands("interrupted");
        broker.subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            interruptedOnEntry.add(Thread.currentThread().isInterrupted());
            String text = new String(m.payload(), StandardCharsets.UTF_8);
            if (text.contains("gate")) {
                held.countDown();
                assertThat(release.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                return;
            }
            if (text.contains("never works")) {
                throw new InterruptedException("its own wait cut short, call " + calls.incrementAndGet());
            }
            if (text.contains("restores the flag")) {
                Thread.currentThread().interrupt(); // as code that catches InterruptedException should
            }
            handled.add(text);
        });

        broker.publish(List.of(Messages.command("interrupted", "never works")));

        GetResponse dead = awaitDeadLetter(rabbit.queue(destination, MessageBroker.DEFAULT_GROUP));
        assertThat(calls.get()).isEqualTo(3);
        assertThat(reason(dead)).isEqualTo("handler failed 3 times, last: java.lang.InterruptedException: its own"
                + " wait cut short, call 3");

        // Held behind a gate, the next two reach the consumer together, so the client runs them one after the
        // other on one thread.
        broker.publish(List.of(Messages.command("interrupted", "gate")));
        assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        broker.publish(List.of(Messages.command("interrupted", "restores the flag"),
                Messages.command("interrupted", "comes after it")));
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 2);
        assertThat(interruptedOnEntry).containsOnly(false);
    }

    @Test
    void deadLettersAtOnceWhenTheHandlerRejects() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker();
        AtomicInteger calls = new AtomicInteger();
        broker.subscribe(Destination.commands("picky"), MessageBroker.DEFAULT_GROUP, m -> {
            calls.incrementAndGet();
            throw new MessageRejectedException("saga saga-1 does not exist");
        });

        broker.publish(List.of(Messages.command("picky", "for a saga that is gone")));

        GetResponse dead = awaitDeadLetter(rabbit.queue(Destination.commands("picky"), MessageBroker.DEFAULT_GROUP));
        assertThat(reason(dead)).isEqualTo("rejected: saga saga-1 does not exist");
        assertThat(calls.get()).isEqualTo(1);
    }

    private GetResponse awaitDeadLetter(String queue) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> rabbit.get(Topology.deadLetterQueue(queue)),
                response -> response != null);
    }

    private static String reason(GetResponse dead) {
        return dead.getProps().getHeaders().get(QueueConsumer.DEAD_LETTER_REASON).toString();
    }
}

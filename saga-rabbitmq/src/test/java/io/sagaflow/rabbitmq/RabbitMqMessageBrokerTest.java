package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@RequiresRabbitMq
class RabbitMqMessageBrokerTest {
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
    void carriesEveryEnvelopeFieldAcrossTheWire() {
        RabbitMqMessageBroker broker = rabbit.broker();
        List<Envelope> received = new CopyOnWriteArrayList<>();
        broker.subscribe(Destination.commands("inventory"), MessageBroker.DEFAULT_GROUP, received::add);
        Envelope sent = Messages.command("inventory", "hello");

        broker.publish(List.of(sent));

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        assertThat(received.getFirst()).isEqualTo(sent);
        assertThat(received.getFirst().header(Envelope.TRACEPARENT)).startsWith("00-0af765");
    }

    @Test
    void keepsCommandsPublishedBeforeAnyoneSubscribed() throws Exception {
        RabbitMqMessageBroker publisher = rabbit.broker();
        Envelope early = Messages.command("payment", "early");
        publisher.publish(List.of(early));
        assertThat(rabbit.messageCount(rabbit.queue(Destination.commands("payment"), MessageBroker.DEFAULT_GROUP)))
                .isEqualTo(1);

        RabbitMqMessageBroker consumer = rabbit.broker();
        List<Envelope> received = new CopyOnWriteArrayList<>();
        consumer.subscribe(Destination.commands("payment"), MessageBroker.DEFAULT_GROUP, received::add);

        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(early));
    }

    @Test
    void dropsAnEventNoGroupSubscribedToWithoutFailing() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker();

        broker.publish(List.of(Messages.event("nobody-listens", "lost")));

        List<Envelope> received = new CopyOnWriteArrayList<>();
        broker.subscribe(Destination.events("nobody-listens"), "late", received::add);
        Envelope kept = Messages.event("nobody-listens", "kept");
        broker.publish(List.of(kept));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains(kept));
        assertThat(received).extracting(Messages::body).containsExactly("\"kept\"");
    }

    @Test
    void givesEveryEventGroupItsOwnCopy() {
        RabbitMqMessageBroker broker = rabbit.broker();
        List<Envelope> billing = new CopyOnWriteArrayList<>();
        List<Envelope> shipping = new CopyOnWriteArrayList<>();
        broker.subscribe(Destination.events("orders"), "billing", billing::add);
        broker.subscribe(Destination.events("orders"), "shipping", shipping::add);

        Envelope event = Messages.event("orders", "placed");
        broker.publish(List.of(event));

        await().atMost(Duration.ofSeconds(10)).until(() -> billing.contains(event) && shipping.contains(event));
    }

    @Test
    void sharesOneQueueBetweenCompetingConsumersOfTwoInstances() {
        RabbitMqMessageBroker first = rabbit.broker(rabbit.settings().prefetch(1).build());
        RabbitMqMessageBroker second = rabbit.broker(rabbit.settings().prefetch(1).build());
        Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
        Destination destination = Destination.commands("shared");
        first.subscribe(destination, MessageBroker.DEFAULT_GROUP,
                m -> byInstance.computeIfAbsent("first", k -> new AtomicInteger()).incrementAndGet());
        second.subscribe(destination, MessageBroker.DEFAULT_GROUP,
                m -> byInstance.computeIfAbsent("second", k -> new AtomicInteger()).incrementAndGet());
        List<Envelope> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(Messages.command("shared", "m" + i));
        }

        first.publish(batch);

        await().atMost(Duration.ofSeconds(20)).until(() -> byInstance.values().stream()
                .mapToInt(AtomicInteger::get).sum() == 200);
        assertThat(byInstance.get("first").get()).isGreaterThan(20);
        assertThat(byInstance.get("second").get()).isGreaterThan(20);
    }

    @Test
    void deliversAgainAfterTheHandlerFailedUntilItSucceeds() {
        RabbitMqMessageBroker broker = rabbit.broker(rabbit.settings().deliveryLimit(5).build());
        AtomicInteger calls = new AtomicInteger();
        List<Envelope> handled = new CopyOnWriteArrayList<>();
        broker.subscribe(Destination.commands("flaky"), MessageBroker.DEFAULT_GROUP, m -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("database briefly unavailable");
            }
            handled.add(m);
        });
        Envelope command = Messages.command("flaky", "retry me");

        broker.publish(List.of(command));

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(command));
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void pausesLongerBeforeEachRedelivery() {
        RabbitMqMessageBroker broker = rabbit.broker(rabbit.settings().redeliveryDelay(Duration.ofMillis(100))
                .build());
        List<Long> calls = new CopyOnWriteArrayList<>();
        broker.subscribe(Destination.commands("slow-retry"), MessageBroker.DEFAULT_GROUP, m -> {
            calls.add(System.nanoTime());
            if (calls.size() < 3) {
                throw new IllegalStateException("not yet");
            }
        });

        broker.publish(List.of(Messages.command("slow-retry", "patience")));

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 3);
        assertThat(calls.get(1) - calls.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(calls.get(2) - calls.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void closingASubscriptionLeavesItsMessagesInTheQueue() throws Exception {
        RabbitMqMessageBroker broker = rabbit.broker();
        Destination destination = Destination.commands("paused");
        Subscription subscription = broker.subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> { });
        subscription.close();
        subscription.close();

        broker.publish(List.of(Messages.command("paused", "waits")));

        assertThat(rabbit.messageCount(rabbit.queue(destination, MessageBroker.DEFAULT_GROUP))).isEqualTo(1);
    }
}

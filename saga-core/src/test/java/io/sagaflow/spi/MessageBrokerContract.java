package io.sagaflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.MessageRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MessageBroker} owes the engine: delivery with every envelope field intact, commands
 * and replies kept before anyone subscribes, a copy per event group, competing consumers within a group,
 * redelivery after a failure, and dead-lettering on rejection and at the delivery limit. Adapters extend it and
 * supply a fresh broker per test.
 *
 * <p>Destination names are unique per test, so one broker space can serve a whole test class.
 */
public abstract class MessageBrokerContract {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** @return the broker under test, the same instance for the whole test */
    protected abstract MessageBroker broker();

    /** @return the deliveries after which the broker under test dead-letters a message whose handler keeps failing */
    protected abstract int deliveryLimit();

    /**
     * @param destination a destination
     * @param group a group
     * @return the reasons of the messages dead-lettered from that group so far
     * @throws Exception if they cannot be read
     */
    protected abstract List<String> deadLetterReasons(Destination destination, String group) throws Exception;

    private String name(String base) {
        return base + "-" + suffix;
    }

    private static Envelope command(Destination destination, String text) {
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, destination, "Text", "saga-1", "contract",
                "step-1", null, Destination.replies("default"), Instant.parse("2026-03-04T05:06:07.000000008Z"),
                Map.of(Envelope.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        Envelope.ATTEMPT, "2"),
                ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
    }

    private static Envelope event(Destination destination, String text) {
        return new Envelope(Envelope.newMessageId(), MessageKind.EVENT, destination, "Text", null, null, null, null,
                null, Instant.now(), Map.of(), ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void deliversEveryEnvelopeFieldIntact() {
        Destination destination = Destination.commands(name("intact"));
        List<Envelope> received = new CopyOnWriteArrayList<>();
        broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, received::add);
        Envelope sent = command(destination, "hello");

        broker().publish(List.of(sent));

        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received).containsExactly(sent);
    }

    @Test
    public void keepsCommandsAndRepliesForTheDefaultGroupBeforeAnyoneSubscribes() {
        Destination commands = Destination.commands(name("early"));
        Destination replies = Destination.replies(name("early"));
        Envelope command = command(commands, "c");
        Envelope reply = new Envelope(Envelope.newMessageId(), MessageKind.REPLY_SUCCESS, replies, null, "saga-1",
                "contract", "step-1", command.messageId(), null, Instant.now(), Map.of(), new byte[0]);
        broker().publish(List.of(command, reply));

        List<Envelope> received = new CopyOnWriteArrayList<>();
        broker().subscribe(commands, MessageBroker.DEFAULT_GROUP, received::add);
        broker().subscribe(replies, MessageBroker.DEFAULT_GROUP, received::add);

        await().atMost(WAIT).until(() -> received.size() == 2);
        assertThat(received).containsExactlyInAnyOrder(command, reply);
    }

    @Test
    public void givesEverySubscribedEventGroupItsOwnCopy() {
        Destination topic = Destination.events(name("orders"));
        List<Envelope> billing = new CopyOnWriteArrayList<>();
        List<Envelope> shipping = new CopyOnWriteArrayList<>();
        broker().subscribe(topic, "billing", billing::add);
        broker().subscribe(topic, "shipping", shipping::add);
        Envelope placed = event(topic, "placed");

        broker().publish(List.of(placed));

        await().atMost(WAIT).until(() -> billing.size() == 1 && shipping.size() == 1);
        assertThat(billing).containsExactly(placed);
        assertThat(shipping).containsExactly(placed);
    }

    @Test
    public void letsConsumersOfOneGroupCompeteSoEachMessageIsHandledOnce() {
        Destination destination = Destination.commands(name("shared"));
        Map<String, AtomicInteger> perMessage = new ConcurrentHashMap<>();
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        // The first consumer holds its messages until the second handled one: it can only if they compete.
        CountDownLatch secondGotOne = new CountDownLatch(1);
        broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            first.incrementAndGet();
            perMessage.computeIfAbsent(m.messageId(), k -> new AtomicInteger()).incrementAndGet();
            assertThat(secondGotOne.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        });
        broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            secondGotOne.countDown();
            second.incrementAndGet();
            perMessage.computeIfAbsent(m.messageId(), k -> new AtomicInteger()).incrementAndGet();
        });
        List<Envelope> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(command(destination, "m" + i));
        }

        broker().publish(batch);

        await().atMost(WAIT).until(() -> first.get() + second.get() == 100);
        assertThat(perMessage).hasSize(100).allSatisfy((id, count) -> assertThat(count.get()).isEqualTo(1));
        assertThat(first.get()).isPositive();
        assertThat(second.get()).isPositive();
    }

    @Test
    public void deliversAgainAfterAHandlerFailure() {
        Destination destination = Destination.commands(name("flaky"));
        AtomicInteger calls = new AtomicInteger();
        List<Envelope> handled = new CopyOnWriteArrayList<>();
        broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first delivery fails");
            }
            handled.add(m);
        });
        Envelope command = command(destination, "again");

        broker().publish(List.of(command));

        await().atMost(WAIT).until(() -> handled.contains(command));
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    public void deadLettersARejectedMessageAtOnceWithItsReason() throws Exception {
        Destination destination = Destination.commands(name("rejects"));
        AtomicInteger calls = new AtomicInteger();
        broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            calls.incrementAndGet();
            throw new MessageRejectedException("unknown type Nonsense in " + m.messageId());
        });
        Envelope command = command(destination, "nonsense");

        broker().publish(List.of(command));

        await().atMost(WAIT).until(() -> !deadLetterReasons(destination, MessageBroker.DEFAULT_GROUP).isEmpty());
        assertThat(deadLetterReasons(destination, MessageBroker.DEFAULT_GROUP)).singleElement().asString()
                .contains("unknown type Nonsense in " + command.messageId());
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    public void deadLettersAMessageWhoseHandlerKeepsFailingAtTheDeliveryLimit() throws Exception {
        Destination destination = Destination.commands(name("doomed"));
        AtomicInteger calls = new AtomicInteger();
        broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, m -> {
            throw new IllegalStateException("broken " + calls.incrementAndGet());
        });

        broker().publish(List.of(command(destination, "never")));

        await().atMost(WAIT).until(() -> !deadLetterReasons(destination, MessageBroker.DEFAULT_GROUP).isEmpty());
        assertThat(calls.get()).isEqualTo(deliveryLimit());
        assertThat(deadLetterReasons(destination, MessageBroker.DEFAULT_GROUP)).singleElement().asString()
                .contains("broken " + deliveryLimit());
    }

    @Test
    public void stopsDeliveringToAClosedSubscription() {
        Destination destination = Destination.commands(name("closed"));
        List<Envelope> before = new CopyOnWriteArrayList<>();
        Subscription subscription = broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, before::add);
        subscription.close();
        subscription.close();
        Envelope command = command(destination, "later");

        broker().publish(List.of(command));

        List<Envelope> after = new CopyOnWriteArrayList<>();
        broker().subscribe(destination, MessageBroker.DEFAULT_GROUP, after::add);
        await().atMost(WAIT).until(() -> after.contains(command));
        assertThat(before).isEmpty();
    }
}

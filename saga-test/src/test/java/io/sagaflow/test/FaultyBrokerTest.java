package io.sagaflow.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker wrapper's transport faults, one by one. */
class FaultyBrokerTest {
    private static final Destination SVC = Destination.commands("svc");

    private final HarnessClock clock = new HarnessClock();
    private final InMemoryMessageBroker inner = new InMemoryMessageBroker(5, Duration.ofMillis(1), 1);
    private final FaultyBroker broker = new FaultyBroker(inner, clock, new SplittableRandom(3), crash -> { });
    private final List<String> received = new CopyOnWriteArrayList<>();

    FaultyBrokerTest() {
        broker.subscribe(SVC, "default", e -> received.add(e.type()));
    }

    @AfterEach
    void close() {
        broker.close();
    }

    private static Envelope command(String type) {
        return new Envelope(Envelope.newMessageId(), MessageKind.COMMAND, SVC, type, "saga-1", "chain", "step-" + type,
                null, Destination.replies("default"), Instant.EPOCH, Map.of(Envelope.DIRECTION, "COMPENSATION"),
                new byte[0]);
    }

    private static Messages type(String name) {
        return new Messages("type " + name, e -> name.equals(e.type()));
    }

    @Test
    void reorderDeliversAMessageAfterTheNextOneToTheSameDestination() {
        broker.add(new MessageFault(MessageFault.Kind.REORDER, type("A"), null).once());

        broker.publish(List.of(command("A")));
        broker.publish(List.of(command("B")));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
        assertThat(received).containsExactly("B", "A");
    }

    @Test
    void aMessageReorderedBehindNothingIsReleasedWhenAsked() {
        broker.add(new MessageFault(MessageFault.Kind.REORDER, type("A"), null));
        broker.publish(List.of(command("A")));

        assertThat(broker.releaseReordered()).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> received.equals(List.of("A")));
        assertThat(broker.releaseReordered()).isFalse();
    }

    @Test
    void delayHoldsAMessageUntilTheClockPassesItsTime() {
        broker.add(new MessageFault(MessageFault.Kind.DELAY, type("A"), Duration.ofSeconds(10)));
        broker.publish(List.of(command("A")));

        assertThat(broker.nextRelease()).isEqualTo(HarnessClock.DEFAULT_START.plusSeconds(10));
        clock.advance(Duration.ofSeconds(9));
        broker.releaseDue();
        assertThat(broker.inFlight()).isZero();

        clock.advance(Duration.ofSeconds(1));
        broker.releaseDue();
        await().atMost(Duration.ofSeconds(5)).until(() -> received.equals(List.of("A")));
        assertThat(broker.nextRelease()).isNull();
    }

    @Test
    void duplicateDeliversTheSameMessageTwiceAtOnceOrAfterTheClockMoves() {
        broker.add(new MessageFault(MessageFault.Kind.DUPLICATE, type("A"), null).times(4));
        for (int i = 0; i < 4; i++) {
            broker.publish(List.of(command("A")));
        }
        clock.advance(Duration.ofMillis(1));
        broker.releaseDue();

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 8);
        assertThat(broker.published()).hasSize(4);
    }

    @Test
    void dropLosesTheMessageForGood() {
        broker.add(new MessageFault(MessageFault.Kind.DROP, type("A"), null).once());
        broker.publish(List.of(command("A"), command("B")));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.equals(List.of("B")));
        assertThat(broker.dropped()).extracting(Envelope::type).containsExactly("A");
        assertThat(broker.nextRelease()).isNull();
    }

    @Test
    void aFailedFirstDeliveryIsRedeliveredAndHandledOnce() {
        broker.add(new MessageFault(MessageFault.Kind.FAIL_FIRST_DELIVERY, type("A"), null));
        broker.publish(List.of(command("A")));

        await().atMost(Duration.ofSeconds(5)).until(() -> broker.inFlight() == 0);
        assertThat(received).containsExactly("A");
        assertThat(inner.deadLetters()).isEmpty();
    }

    @Test
    void repliesCarryTheDirectionOfTheCommandTheyAnswer() {
        Envelope command = command("A");
        Envelope reply = new Envelope(Envelope.newMessageId(), MessageKind.REPLY_SUCCESS, Destination.replies("default"),
                null, "saga-1", "chain", "step-A", command.messageId(), null, Instant.EPOCH, Map.of(), new byte[0]);

        broker.publish(List.of(command, reply));

        assertThat(broker.published().get(1).header(Envelope.DIRECTION)).isEqualTo("COMPENSATION");
        assertThat(Messages.compensationRepliesOf("step-A").matches(broker.published().get(1))).isTrue();
        assertThat(Messages.repliesOf("step-A").matches(broker.published().get(1))).isFalse();
    }
}

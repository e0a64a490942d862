package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Commands that cannot be read, and events from notification steps. */
class ParticipantRuntimeTest {

    @Test
    void aCommandThatCannotBeReadIsDeadLetteredAndTheSagaStillEnds() throws Exception {
        // The saga sends a payload type the participant does not accept.
        record Unlisted(String id) { }
        SagaDefinition<Order> definition = SagaDefinition.builder("poisoned", Order.class)
                .step("a").invokeParticipant("svc", o -> new ScriptedParticipant.Do("a", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("a", o.id()))
                .step("b").invokeParticipant("svc", o -> new Unlisted(o.id())).pivot().retry(Fixture.FAST)
                .build();
        try (Fixture f = new Fixture(definition, new ScriptedParticipant("svc"))) {
            SagaInstance saga = f.engine.whenSettled(f.engine.startSaga(definition, Order.of("p")))
                    .get(10, TimeUnit.SECONDS);

            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            // The participant replies with the error before the broker records the dead letter: the saga can end first.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(f.broker.deadLetters()).hasSize(3)
                    .allSatisfy(d -> assertThat(d.reason())
                            .isEqualTo("payload type 'Unlisted' is not on the allowlist of registered payload types")));
            assertThat(saga.failureReason()).contains("participant 'svc' rejected the command");
        }
    }

    @Test
    void malformedJsonIsDeadLetteredWithTheReason() {
        try (Fixture f = new Fixture(Fixture.compensatable("a"), new ScriptedParticipant("svc"))) {
            f.broker.publish(List.of(new Envelope("bad-1", MessageKind.COMMAND, Destination.commands("svc"), "Do",
                    SagaId.random().value(), "chain", "a", null, Destination.replies("nowhere"), Instant.now(),
                    Map.of(), "{\"step\": ".getBytes(StandardCharsets.UTF_8))));

            await().atMost(Duration.ofSeconds(5)).until(() -> !f.broker.deadLetters().isEmpty());
            assertThat(f.broker.deadLetters().get(0).reason()).startsWith("payload does not read as Do");
            assertThat(f.participant.calls()).isEmpty();
        }
    }

    @Test
    void notificationStepsPublishEventsToEverySubscribedGroup() throws Exception {
        record Confirmed(String order) { }
        List<String> mails = new CopyOnWriteArrayList<>();
        List<String> audit = new CopyOnWriteArrayList<>();
        SagaDefinition<Order> definition = SagaDefinition.builder("notify", Order.class)
                .step("charge").invokeLocal(LocalResult::done).pivot()
                .step("confirm").publish("orders", o -> new Confirmed(o.id())).retriable()
                .build();
        try (Fixture f = new Fixture(definition, new ScriptedParticipant("svc"));
             ParticipantRuntime listeners = ParticipantRuntime.builder().broker(f.broker)
                     .participant(Participant.builder("mailer")
                             .onEvent("orders", Confirmed.class, e -> mails.add(e.order())).build())
                     .participant(Participant.builder("audit")
                             .onEvent("orders", Confirmed.class, e -> audit.add(e.order())).build())
                     .build()) {
            listeners.start();
            SagaInstance saga = f.engine.whenSettled(f.engine.startSaga(definition, Order.of("n1")))
                    .get(10, TimeUnit.SECONDS);

            assertThat(saga.status()).isEqualTo(SagaStatus.COMPLETED);
            await().atMost(Duration.ofSeconds(5)).until(() -> mails.size() == 1 && audit.size() == 1);
            assertThat(mails).containsExactly("n1");
        }
    }
}

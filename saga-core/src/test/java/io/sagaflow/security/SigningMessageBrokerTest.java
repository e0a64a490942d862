package io.sagaflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SigningMessageBrokerTest {
    private static final byte[] OLD = "old-secret-old-secret-old-secret-0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new-secret-new-secret-new-secret-1".getBytes(StandardCharsets.UTF_8);

    private static Envelope reply(String sagaId, String correlationId) {
        return new Envelope(Envelope.newMessageId(), MessageKind.REPLY_SUCCESS, Destination.replies("default"), null,
                sagaId, "chain", "a", correlationId, null, Instant.now(), Map.of("traceparent", "00-abc"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aForgedReplyIsDeadLetteredAndCannotAdvanceTheSaga() throws Exception {
        InMemoryMessageBroker wire = new InMemoryMessageBroker(3, Duration.ofMillis(5), 2);
        SigningMessageBroker signed = new SigningMessageBroker(wire, HmacKeyRing.of("k1", NEW));
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        SagaDefinition<Order> definition = Fixture.compensatable("a", "b");
        try (SagaEngine engine = SagaEngine.builder().broker(signed).register(definition).build();
             ParticipantRuntime runtime = ParticipantRuntime.builder().broker(signed)
                     .participant(svc.participant()).build()) {
            engine.start();
            // Hold the participant back so the saga waits on step a while the forgery arrives.
            SagaId id = engine.startSaga(definition, Order.of("f1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.find(id).orElseThrow().history().size() >= 2);
            String awaited = wire.deadLetters().isEmpty() ? awaitedMessageId(engine, id) : null;

            wire.publish(List.of(reply(id.value(), awaited)));   // straight onto the wire, unsigned
            await().atMost(Duration.ofSeconds(5)).until(() -> !wire.deadLetters().isEmpty());
            assertThat(wire.deadLetters().get(0).reason()).contains("has no signature");

            runtime.start();
            SagaInstance saga = engine.whenSettled(id).get(10, TimeUnit.SECONDS);
            assertThat(saga.status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(svc.ledger()).containsExactly("do:a:f1", "do:b:f1");
        }
    }

    private static String awaitedMessageId(SagaEngine engine, SagaId id) {
        String detail = engine.find(id).orElseThrow().history().get(1).detail();
        return detail.substring(detail.lastIndexOf(' ') + 1);
    }

    @Test
    void tamperingWithAnySignedFieldBreaksTheSignature() {
        EnvelopeSigner signer = new EnvelopeSigner(HmacKeyRing.of("k1", NEW));
        Envelope signed = signer.sign(reply(SagaId.random().value(), "c-1"));
        assertThatCode(() -> signer.verify(signed)).doesNotThrowAnyException();

        List<Envelope> tampered = List.of(
                new Envelope(signed.messageId(), MessageKind.REPLY_FAILURE, signed.destination(), signed.type(),
                        signed.sagaId(), signed.sagaType(), signed.step(), signed.correlationId(), null,
                        signed.createdAt(), signed.headers(), signed.payload()),
                new Envelope(signed.messageId(), signed.kind(), signed.destination(), signed.type(),
                        signed.sagaId(), signed.sagaType(), "b", signed.correlationId(), null, signed.createdAt(),
                        signed.headers(), signed.payload()),
                new Envelope(signed.messageId(), signed.kind(), signed.destination(), signed.type(),
                        signed.sagaId(), signed.sagaType(), signed.step(), signed.correlationId(), null,
                        signed.createdAt(), signed.headers(), "{\"x\":1}".getBytes(StandardCharsets.UTF_8)),
                signed.withHeaders(Map.of("traceparent", "00-forged")));
        for (Envelope forged : tampered) {
            assertThatThrownBy(() -> signer.verify(forged)).isInstanceOf(MessageRejectedException.class)
                    .hasMessageContaining("does not verify with key 'k1'");
        }
    }

    @Test
    void keysRotateWithoutDowntime() {
        // Step 1: every service accepts both keys and still signs with the old one.
        EnvelopeSigner oldSigner = new EnvelopeSigner(HmacKeyRing.builder().accept("2026-10", OLD)
                .accept("2026-11", NEW).signWith("2026-10").build());
        // Step 2: services switch to signing with the new key one by one.
        EnvelopeSigner newSigner = new EnvelopeSigner(HmacKeyRing.builder().accept("2026-10", OLD)
                .accept("2026-11", NEW).signWith("2026-11").build());
        Envelope fromOld = oldSigner.sign(reply(SagaId.random().value(), "c"));
        Envelope fromNew = newSigner.sign(reply(SagaId.random().value(), "c"));
        assertThatCode(() -> newSigner.verify(fromOld)).doesNotThrowAnyException();
        assertThatCode(() -> oldSigner.verify(fromNew)).doesNotThrowAnyException();
        // Step 3: the old key is removed; what it signed is no longer accepted.
        EnvelopeSigner retired = new EnvelopeSigner(HmacKeyRing.of("2026-11", NEW));
        assertThatCode(() -> retired.verify(fromNew)).doesNotThrowAnyException();
        assertThatThrownBy(() -> retired.verify(fromOld)).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("is signed with unknown key '2026-10'");
    }

    @Test
    void refusesShortSecretsAndNeverPrintsThem() {
        assertThatThrownBy(() -> HmacKeyRing.of("k", "short".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SagaDefinitionException.class)
                .hasMessage("HMAC key 'k' has 5 bytes; at least 32 are needed");
        assertThat(HmacKeyRing.of("k1", NEW).toString()).isEqualTo("HmacKeyRing[signing=k1, accepted=[k1]]")
                .doesNotContain("new-secret");
    }
}

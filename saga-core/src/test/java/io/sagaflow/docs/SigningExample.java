package io.sagaflow.docs;

import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.security.HmacKeyRing;
import io.sagaflow.security.SigningMessageBroker;
import io.sagaflow.spi.MessageBroker;
import java.util.Base64;

/** The code quoted by docs/security.md; SigningExampleTest runs it. */
final class SigningExample {
    private SigningExample() {
    }

    static SagaEngine signedEngine(SagaDefinition<?> saga, MessageBroker wire, String base64Secret) {
        // Every service reads the same secret from its configuration, never from code.
        byte[] secret = Base64.getDecoder().decode(base64Secret);
        HmacKeyRing keys = HmacKeyRing.builder()
                .accept("2026-11", secret)
                .signWith("2026-11")
                .build();
        MessageBroker signed = new SigningMessageBroker(wire, keys);
        return SagaEngine.builder().broker(signed).register(saga).build();
    }

    static ParticipantRuntime signedParticipants(io.sagaflow.Participant participant, MessageBroker wire,
                                                 String base64Secret) {
        HmacKeyRing keys = HmacKeyRing.of("2026-11", Base64.getDecoder().decode(base64Secret));
        return ParticipantRuntime.builder().broker(new SigningMessageBroker(wire, keys))
                .participant(participant).build();
    }

    static InMemoryMessageBroker wire() {
        return new InMemoryMessageBroker();
    }
}

package io.sagaflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SigningExampleTest {
    @Test
    void servicesSharingAKeyRunSagasOverSignedMessages() throws Exception {
        String secret = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
        SagaDefinition<Order> saga = Fixture.compensatable("a", "b");
        ScriptedParticipant svc = new ScriptedParticipant("svc");
        try (InMemoryMessageBroker wire = SigningExample.wire();
             SagaEngine engine = SigningExample.signedEngine(saga, wire, secret);
             ParticipantRuntime participants = SigningExample.signedParticipants(svc.participant(), wire, secret)) {
            engine.start();
            participants.start();
            assertThat(engine.whenSettled(engine.startSaga(saga, Order.of("s1"))).get(10, TimeUnit.SECONDS)
                    .status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(wire.deadLetters()).isEmpty();
        }
    }
}

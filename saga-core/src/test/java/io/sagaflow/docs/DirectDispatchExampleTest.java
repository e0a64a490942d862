package io.sagaflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant.Do;
import io.sagaflow.testing.ScriptedParticipant.Done;
import io.sagaflow.testing.ScriptedParticipant.Undo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DirectDispatchExampleTest {
    @Test
    void aSagaOnTheDirectBrokerRunsOnTheThreadThatStartsItAndCompensatesAsUsual() throws Exception {
        SagaDefinition<Order> saga = Fixture.compensatable("a", "b", "c");
        Map<String, Thread> threads = new ConcurrentHashMap<>();
        Participant svc = Participant.builder("svc")
                .onCommand(Do.class, (command, context) -> {
                    threads.put("do:" + command.step() + ":" + command.order(), Thread.currentThread());
                    return command.order().equals("declined") && command.step().equals("c")
                            ? CommandOutcome.failure("c refused for " + command.order())
                            : CommandOutcome.success(new Done(command.step()));
                })
                .onCommand(Undo.class, (command, context) -> {
                    threads.put("undo:" + command.step() + ":" + command.order(), Thread.currentThread());
                    return CommandOutcome.success(new Done(command.step()));
                })
                .build();
        try (InMemoryMessageBroker broker = DirectDispatchExample.directBroker();
             SagaEngine engine = DirectDispatchExample.engine(broker, saga);
             ParticipantRuntime participants = DirectDispatchExample.participants(broker, svc)) {
            engine.start();
            participants.start();

            SagaId accepted = engine.startSaga(saga, Order.of("accepted"));
            // Settled before startSaga returned: every step ran on this thread.
            assertThat(engine.find(accepted)).map(SagaInstance::status).contains(SagaStatus.COMPLETED);
            SagaInstance completed = engine.whenSettled(accepted).get(10, TimeUnit.SECONDS);
            SagaId declined = engine.startSaga(saga, Order.of("declined"));
            assertThat(engine.find(declined)).map(SagaInstance::status).contains(SagaStatus.COMPENSATED);
            SagaInstance compensated = engine.whenSettled(declined).get(10, TimeUnit.SECONDS);

            assertThat(completed.status()).as(completed.trace()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(completed.data(Order.class).applied()).containsExactly("a", "b", "c");
            assertThat(compensated.status()).as(compensated.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(compensated.compensatedSteps()).containsExactly("b", "a");
            // The first command was handled on the starting thread once the saga was stored, and every later one was
            // published by a handler on that thread and handled there.
            assertThat(List.of(threads.get("do:a:accepted"), threads.get("do:b:accepted"),
                    threads.get("do:c:accepted"), threads.get("do:a:declined"), threads.get("do:b:declined"),
                    threads.get("do:c:declined"), threads.get("undo:b:declined"), threads.get("undo:a:declined")))
                    .containsOnly(Thread.currentThread());
            assertThat(broker.deadLetters()).isEmpty();
        }
    }
}

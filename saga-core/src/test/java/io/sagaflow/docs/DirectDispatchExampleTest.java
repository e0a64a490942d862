package io.sagaflow.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
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
    void aSagaOnTheDirectBrokerRunsFromTheFirstReplyOnOneThreadAndCompensatesAsUsual() throws Exception {
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

            SagaInstance completed = engine.whenSettled(engine.startSaga(saga, Order.of("accepted")))
                    .get(10, TimeUnit.SECONDS);
            SagaInstance compensated = engine.whenSettled(engine.startSaga(saga, Order.of("declined")))
                    .get(10, TimeUnit.SECONDS);

            assertThat(completed.status()).as(completed.trace()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(completed.data(Order.class).applied()).containsExactly("a", "b", "c");
            assertThat(compensated.status()).as(compensated.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(compensated.compensatedSteps()).containsExactly("b", "a");
            // The first command crosses from the starting thread to a consumer; from there on every command of the
            // saga was published by a handler on that consumer's thread and handled there.
            assertThat(List.of(threads.get("do:b:accepted"), threads.get("do:c:accepted")))
                    .containsOnly(threads.get("do:a:accepted"));
            assertThat(List.of(threads.get("do:b:declined"), threads.get("do:c:declined"),
                    threads.get("undo:b:declined"), threads.get("undo:a:declined")))
                    .containsOnly(threads.get("do:a:declined"));
            assertThat(broker.deadLetters()).isEmpty();
        }
    }
}

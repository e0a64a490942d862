package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.testing.Fixture;
import io.sagaflow.testing.MutableClock;
import io.sagaflow.testing.Order;
import io.sagaflow.testing.ScriptedParticipant;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Step timeouts, driven by a clock the test moves. */
class TimeoutTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static SagaDefinition<Order> slowPayment() {
        return SagaDefinition.builder("timeouts", Order.class)
                .step("reserve").invokeParticipant("svc", o -> new ScriptedParticipant.Do("reserve", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("reserve", o.id()))
                .step("charge").invokeParticipant("payment", o -> new ScriptedParticipant.Do("charge", o.id()))
                .pivot().timeout(Duration.ofSeconds(30))
                .retry(RetryPolicy.attempts(2).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
                        .withJitter(0))
                .build();
    }

    @Test
    void aReplyThatNeverComesFailsTheStepAfterItsTimeoutAndRetriesThenCompensates() {
        // No participant "payment" is running: its commands are never answered.
        SagaDefinition<Order> definition = slowPayment();
        try (Fixture f = new Fixture(definition, new ScriptedParticipant("svc"), clock)) {
            SagaId id = f.engine.startSaga(definition, Order.of("t1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> f.engine.find(id).orElseThrow().history().stream()
                    .anyMatch(h -> "charge".equals(h.step()) && h.event() == HistoryEvent.COMMAND_SENT));

            clock.advance(Duration.ofSeconds(29));
            assertThat(f.engine.processDueTimers()).isZero();

            clock.advance(Duration.ofSeconds(2));
            assertThat(f.engine.processDueTimers()).isEqualTo(1);
            SagaInstance afterTimeout = f.engine.find(id).orElseThrow();
            assertThat(afterTimeout.history()).filteredOn(h -> h.event() == HistoryEvent.TIMED_OUT).hasSize(1);
            assertThat(afterTimeout.status()).isEqualTo(SagaStatus.RUNNING);

            clock.advance(Duration.ofSeconds(1)); // backoff over: attempt 2 is sent
            f.engine.processDueTimers();
            clock.advance(Duration.ofSeconds(31)); // attempt 2 times out too: budget spent
            f.engine.processDueTimers();

            SagaInstance saga = await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.engine.find(id).orElseThrow(), s -> s.status().isSettled());
            assertThat(saga.status()).as(saga.trace()).isEqualTo(SagaStatus.COMPENSATED);
            assertThat(saga.failureReason()).startsWith("step 'charge' failed after 2 attempts: no reply to message");
            assertThat(f.participant.ledger()).containsExactly("do:reserve:t1", "undo:reserve:t1");
        }
    }

    @Test
    void aReplyInTimeCancelsTheTimeout() {
        SagaDefinition<Order> definition = SagaDefinition.builder("in-time", Order.class)
                .step("reserve").invokeParticipant("svc", o -> new ScriptedParticipant.Do("reserve", o.id()))
                .withCompensation("svc", o -> new ScriptedParticipant.Undo("reserve", o.id()))
                .timeout(Duration.ofSeconds(5))
                .build();
        try (Fixture f = new Fixture(definition, new ScriptedParticipant("svc"), clock)) {
            SagaId id = f.engine.startSaga(definition, Order.of("t2"));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.engine.find(id).orElseThrow().status() == SagaStatus.COMPLETED);

            clock.advance(Duration.ofMinutes(1));
            assertThat(f.engine.processDueTimers()).isZero();
            assertThat(f.engine.find(id).orElseThrow().status()).isEqualTo(SagaStatus.COMPLETED);
        }
    }
}

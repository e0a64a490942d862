package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.BrokerState;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageBroker;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.SagaStore;
import io.sagaflow.spi.StepPhase;
import io.sagaflow.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class SagaflowHealthIndicatorTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final InMemorySagaStore store = new InMemorySagaStore();
    private final HealthSettings settings = new HealthSettings();

    private Health health() {
        return new SagaflowHealthIndicator(store, new InMemoryMessageBroker(), settings, InstantSource.fixed(NOW))
                .health(true);
    }

    private void saga(SagaStatus status, Duration sinceUpdate) {
        Instant updated = NOW.minus(sinceUpdate);
        store.create(new SagaRecord(SagaId.random(), "place-order", null, status, 0, new byte[] {'{', '}'}, 0,
                Direction.FORWARD, status.isSettled() ? StepPhase.IDLE : StepPhase.AWAITING_REPLY, 1, null, null,
                List.of(), status == SagaStatus.FAILED ? "compensation failed" : null, List.of(),
                updated.minusSeconds(1), updated), List.of());
    }

    @Test
    void isUpWithCountsWhenNothingIsFailedOrStuck() {
        saga(SagaStatus.RUNNING, Duration.ofMinutes(1));
        saga(SagaStatus.COMPLETED, Duration.ofDays(1));

        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("failed", 0L).containsEntry("stuck", 0L)
                .containsEntry("outboxPending", 0L).containsEntry("store", "InMemorySagaStore");
    }

    @Test
    void isDownWhenASagaFailedOrHasNotMovedForTooLong() {
        saga(SagaStatus.RUNNING, Duration.ofHours(1));
        saga(SagaStatus.COMPENSATING, Duration.ofHours(2));
        saga(SagaStatus.RUNNING, Duration.ofMinutes(1));

        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("stuck", 2L).containsEntry("failed", 0L);

        saga(SagaStatus.FAILED, Duration.ofMinutes(1));
        settings.setStuckAfter(Duration.ofHours(3));
        assertThat(health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health().getDetails()).containsEntry("failed", 1L).containsEntry("stuck", 0L);
    }

    @Test
    void onlyReportsProblemsWhenToldNotToGoDown() {
        saga(SagaStatus.FAILED, Duration.ofMinutes(1));
        settings.setDownOnProblems(false);

        assertThat(health().getStatus()).isEqualTo(Status.UP);
        assertThat(health().getDetails()).containsEntry("failed", 1L);
    }

    @Test
    void isDownWhenTheStoreCannotBeRead() {
        SagaStore broken = (SagaStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SagaStore.class}, (proxy, method, args) -> {
                    throw new io.sagaflow.SagaStoreException("database unreachable", new java.sql.SQLException("refused"));
                });
        Health health = new SagaflowHealthIndicator(broken, new InMemoryMessageBroker(), settings,
                InstantSource.fixed(NOW)).health(true);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString()).contains("database unreachable");
    }

    @Test
    void reportsTheBrokerStateAndIsDownWhileTheBrokerIsDisconnected() {
        InMemoryMessageBroker open = new InMemoryMessageBroker();
        assertThat(health().getDetails()).containsEntry("brokerState", BrokerState.UNKNOWN);

        for (BrokerState down : new BrokerState[] {BrokerState.DISCONNECTED, BrokerState.CLOSED}) {
            Health health = new SagaflowHealthIndicator(store, stateOf(open, down), settings,
                    InstantSource.fixed(NOW)).health(true);
            assertThat(health.getStatus()).as(down.name()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("brokerState", down);
            assertThat(health.getDetails().get("problem").toString()).contains("message broker is " + down);
        }
        Health connected = new SagaflowHealthIndicator(store, stateOf(open, BrokerState.CONNECTED), settings,
                InstantSource.fixed(NOW)).health(true);
        assertThat(connected.getStatus()).isEqualTo(Status.UP);
    }

    /** A broker that reports the given state and otherwise forwards to another. */
    private static MessageBroker stateOf(MessageBroker delegate, BrokerState state) {
        return new MessageBroker() {
            @Override
            public void publish(List<Envelope> messages) {
                delegate.publish(messages);
            }

            @Override
            public Subscription subscribe(Destination destination, String group, MessageHandler handler) {
                return delegate.subscribe(destination, group, handler);
            }

            @Override
            public BrokerState state() {
                return state;
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}

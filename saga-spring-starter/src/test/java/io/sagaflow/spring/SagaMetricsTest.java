package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sagaflow.Direction;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemorySagaStore;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SagaMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemorySagaStore store = new InMemorySagaStore();
    private final SagaMetrics metrics = new SagaMetrics(registry, store);
    private final SagaId id = SagaId.random();
    private final Instant now = Instant.now();

    @Test
    void countsSagaOutcomesPerType() {
        metrics.onEvent(new SagaEvent.Started(id, "a", null, now));
        metrics.onEvent(new SagaEvent.Started(id, "a", null, now));
        metrics.onEvent(new SagaEvent.Started(id, "b", null, now));
        metrics.onEvent(new SagaEvent.Completed(id, "a", Duration.ofSeconds(1), now));
        metrics.onEvent(new SagaEvent.Compensating(id, "a", "no", now));
        metrics.onEvent(new SagaEvent.Compensated(id, "a", "no", Duration.ofSeconds(2), now));
        metrics.onEvent(new SagaEvent.Failed(id, "b", "stuck", now));

        assertThat(registry.counter("sagaflow.sagas.started", "saga", "a").count()).isEqualTo(2);
        assertThat(registry.counter("sagaflow.sagas.started", "saga", "b").count()).isEqualTo(1);
        assertThat(registry.counter("sagaflow.sagas.completed", "saga", "a").count()).isEqualTo(1);
        assertThat(registry.counter("sagaflow.sagas.compensated", "saga", "a").count()).isEqualTo(1);
        assertThat(registry.counter("sagaflow.sagas.failed", "saga", "b").count()).isEqualTo(1);
    }

    @Test
    void timesEachStepByDirectionAndOutcome() {
        metrics.onEvent(new SagaEvent.StepSucceeded(id, "a", "reserve", Direction.FORWARD, 1,
                Duration.ofMillis(40), now));
        metrics.onEvent(new SagaEvent.StepFailed(id, "a", "charge", Direction.FORWARD, 1, true, "declined", now));
        metrics.onEvent(new SagaEvent.StepSucceeded(id, "a", "reserve", Direction.COMPENSATION, 1,
                Duration.ofMillis(10), now));

        var forward = registry.find("sagaflow.steps").tags("saga", "a", "step", "reserve", "direction", "forward",
                "outcome", "success").timer();
        assertThat(forward).isNotNull();
        assertThat(forward.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.find("sagaflow.steps").tags("step", "charge", "outcome", "rejected").timer().count())
                .isEqualTo(1);
        assertThat(registry.find("sagaflow.steps").tags("step", "reserve", "direction", "compensation").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void gaugesSagasInFlightFromTheStore() {
        for (SagaStatus status : List.of(SagaStatus.RUNNING, SagaStatus.RUNNING, SagaStatus.COMPENSATING,
                SagaStatus.FAILED, SagaStatus.COMPLETED)) {
            store.create(new SagaRecord(SagaId.random(), "a", null, status, 0, new byte[0], 0, Direction.FORWARD,
                    StepPhase.IDLE, 1, null, null, List.of(), null, List.of(), now, now), List.of());
        }
        assertThat(registry.get("sagaflow.sagas.active").tag("status", "running").gauge().value()).isEqualTo(2);
        assertThat(registry.get("sagaflow.sagas.active").tag("status", "compensating").gauge().value()).isEqualTo(1);
        assertThat(registry.get("sagaflow.sagas.active").tag("status", "failed").gauge().value()).isEqualTo(1);
    }
}

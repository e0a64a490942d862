package io.sagaflow.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sagaflow.SagaEvent;
import io.sagaflow.SagaListener;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaStore;
import java.util.Locale;
import java.util.Objects;

/**
 * Saga metrics in Micrometer, fed by the engine's events:
 *
 * <ul>
 *   <li>{@code sagaflow.sagas.started}, {@code .completed}, {@code .compensated}, {@code .failed}: counters tagged
 *       {@code saga} (the saga type);</li>
 *   <li>{@code sagaflow.steps}: a timer per {@code saga}, {@code step}, {@code direction} (forward, compensation)
 *       and {@code outcome} (success, rejected, error) of each attempt, from its first attempt's start for
 *       successes;</li>
 *   <li>{@code sagaflow.sagas.active}: a gauge of sagas per {@code status} (running, compensating, failed), read
 *       from the store, so it counts the sagas of every engine sharing it.</li>
 * </ul>
 *
 * <p>Thread-safe; tag values are bounded by the saga and step names of the definitions.
 *
 * @since 0.1
 */
public final class SagaMetrics implements SagaListener {
    private final MeterRegistry registry;

    /**
     * @param registry where meters go
     * @param store read by the in-flight gauges
     */
    public SagaMetrics(MeterRegistry registry, SagaStore store) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (SagaStatus status : new SagaStatus[] {SagaStatus.RUNNING, SagaStatus.COMPENSATING, SagaStatus.FAILED}) {
            Gauge.builder("sagaflow.sagas.active", store, s -> s.countByStatus().getOrDefault(status, 0L))
                    .description("Sagas not yet settled, or failed and waiting for a person, by status")
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    @Override
    public void onEvent(SagaEvent event) {
        switch (event) {
            case SagaEvent.Started e -> count("sagaflow.sagas.started", "Sagas started", e.sagaType());
            case SagaEvent.Completed e -> count("sagaflow.sagas.completed", "Sagas completed", e.sagaType());
            case SagaEvent.Compensated e -> count("sagaflow.sagas.compensated", "Sagas fully compensated",
                    e.sagaType());
            case SagaEvent.Failed e -> count("sagaflow.sagas.failed", "Sagas failed, waiting for a person",
                    e.sagaType());
            case SagaEvent.StepSucceeded e -> step(e.sagaType(), e.step(), e.direction().name(), "success")
                    .record(e.duration());
            case SagaEvent.StepFailed e -> step(e.sagaType(), e.step(), e.direction().name(),
                    e.business() ? "rejected" : "error").record(java.time.Duration.ZERO);
            case SagaEvent.Compensating e -> {
                // counted when compensation ends: compensated or failed
            }
        }
    }

    private void count(String name, String description, String sagaType) {
        Counter.builder(name).description(description).tag("saga", sagaType).register(registry).increment();
    }

    private Timer step(String sagaType, String step, String direction, String outcome) {
        return Timer.builder("sagaflow.steps").description("Saga step attempts and how long successful ones took")
                .tag("saga", sagaType).tag("step", step).tag("direction", direction.toLowerCase(Locale.ROOT))
                .tag("outcome", outcome).register(registry);
    }
}

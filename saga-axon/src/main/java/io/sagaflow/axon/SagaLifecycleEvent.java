package io.sagaflow.axon;

import io.sagaflow.SagaEvent;
import java.time.Instant;

/**
 * A saga lifecycle event as it travels on Axon's event bus: one record per {@link SagaEvent}, with the saga id as
 * a string so that any Axon serializer reads it. Axon event handlers and projections follow sagas by handling these
 * types (their Axon type name is the record's class name).
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public sealed interface SagaLifecycleEvent permits SagaStartedEvent, SagaStepCompletedEvent, SagaStepFailedEvent,
        SagaCompensatingEvent, SagaCompletedEvent, SagaCompensatedEvent, SagaFailedEvent {

    /** @return the saga's id */
    String sagaId();

    /** @return the saga's type */
    String sagaType();

    /** @return when it happened */
    Instant at();

    /**
     * @param event an engine event
     * @return the same event as an Axon event payload
     */
    static SagaLifecycleEvent from(SagaEvent event) {
        String id = event.sagaId().value();
        return switch (event) {
            case SagaEvent.Started e -> new SagaStartedEvent(id, e.sagaType(), e.businessKey(), e.at());
            case SagaEvent.StepSucceeded e -> new SagaStepCompletedEvent(id, e.sagaType(), e.step(), e.direction(),
                    e.attempt(), e.duration(), e.at());
            case SagaEvent.StepFailed e -> new SagaStepFailedEvent(id, e.sagaType(), e.step(), e.direction(),
                    e.attempt(), e.business(), e.reason(), e.at());
            case SagaEvent.Compensating e -> new SagaCompensatingEvent(id, e.sagaType(), e.reason(), e.at());
            case SagaEvent.Completed e -> new SagaCompletedEvent(id, e.sagaType(), e.duration(), e.at());
            case SagaEvent.Compensated e -> new SagaCompensatedEvent(id, e.sagaType(), e.reason(), e.duration(),
                    e.at());
            case SagaEvent.Failed e -> new SagaFailedEvent(id, e.sagaType(), e.reason(), e.at());
        };
    }
}

/**
 * Sagaflow for Axon Framework 5 applications: participant steps dispatched as Axon commands, saga lifecycle events
 * published on Axon's event bus, and sagas started from Axon events.
 *
 * <p>Wire it with {@link io.sagaflow.axon.SagaflowAxonConfigurer} on a {@code MessagingConfigurer}, or build the
 * pieces ({@link io.sagaflow.axon.AxonCommandBroker}, {@link io.sagaflow.axon.AxonSagaEventPublisher},
 * {@link io.sagaflow.axon.AxonSagaStarter}) as beans of any container.
 */
@NullMarked
package io.sagaflow.axon;

import org.jspecify.annotations.NullMarked;

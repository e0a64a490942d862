/**
 * The engine: the saga state machine, the outbox relay wiring and the timer loop. Not an API: types here change
 * without notice; use {@code io.sagaflow.SagaEngine}.
 */
@NullMarked
package io.sagaflow.internal;

import org.jspecify.annotations.NullMarked;

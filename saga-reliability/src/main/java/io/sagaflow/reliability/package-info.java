/**
 * Chaos and soak runs of order sagas over RabbitMQ and PostgreSQL: the nodes, the fault injection, the checks.
 * A harness for measuring Sagaflow's guarantees, not a library; see docs/reliability.md.
 */
@NullMarked
package io.sagaflow.reliability;

import org.jspecify.annotations.NullMarked;

/**
 * The benchmark suite behind {@code docs/performance.md}: one order-placement workload run on Sagaflow and on Axon 4,
 * load drivers (closed and open loop), scaling runs, the RabbitMQ and PostgreSQL ceilings, and the report writer.
 *
 * <p>A harness, not a library: nothing here is published. {@link io.sagaflow.benchmarks.BenchmarkSuite} is the entry
 * point.
 */
@NullMarked
package io.sagaflow.benchmarks;

import org.jspecify.annotations.NullMarked;

package io.sagaflow.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How long and how big each section runs.
 *
 * @param warmup discarded time before each measured window
 * @param measure each measured window
 * @param rounds alternating Sagaflow/Axon rounds in the comparison, after an uncounted warm-up round if more than one
 * @param inFlight sagas in flight in closed-loop runs
 * @param parked in-flight levels for the scaling run
 * @param steps chain lengths for the scaling run
 * @param ceiling each infrastructure ceiling's duration
 * @param profile whether to profile a Sagaflow run with JFR
 */
record Sizes(Duration warmup, Duration measure, int rounds, int inFlight, List<Integer> parked, List<Integer> steps,
             Duration ceiling, boolean profile) {

    /**
     * @return the measured window of each open loop at half the maximum rate, 3 closed-loop windows long: at these
     *     rates a young collection comes every few seconds, and a p99 over one window of a few seconds depends
     *     mostly on whether a collection fell into it
     */
    Duration openMeasure() {
        return measure.multipliedBy(3);
    }

    /**
     * The published run: about three minutes on two cores.
     *
     * @param million whether to park 10^6 sagas too (about 1 GB of heap)
     */
    static Sizes full(boolean million) {
        return new Sizes(Duration.ofSeconds(2), Duration.ofSeconds(3), 5, 256,
                million ? List.of(1_000, 10_000, 100_000, 1_000_000) : List.of(1_000, 10_000, 100_000),
                List.of(3, 10, 30), Duration.ofSeconds(3), true);
    }

    /** The CI smoke run: every scenario, tiny, for correctness only. */
    static Sizes smoke() {
        return new Sizes(Duration.ofMillis(50), Duration.ofMillis(200), 1, 16, List.of(100), List.of(3),
                Duration.ofMillis(200), false);
    }
}

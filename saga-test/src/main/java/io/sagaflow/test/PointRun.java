package io.sagaflow.test;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaInstance;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One saga run under one failure point, on a fresh harness: what exploration and shadow comparison both do.
 *
 * @param saga the settled saga, or null if it did not end
 * @param problem why it did not end, or null
 * @param transitions the persisted transitions
 * @param seed the run's seed
 */
record PointRun(@Nullable SagaInstance saga, @Nullable String problem, List<String> transitions, long seed) {

    static <D> PointRun run(SagaDefinition<D> definition, SagaWorld world, D data, FailurePoint point,
                            SagaTestEnvironment.Factory environment, long seed, Duration timeout) {
        try (SagaHarness harness = SagaHarness.builder().environment(environment).seed(seed).runTimeout(timeout)
                .build()) {
            harness.register(definition).participants(world.participants());
            point.inject(harness);
            try {
                return new PointRun(harness.run(definition, data).saga(), null, harness.transitions(), seed);
            } catch (SagaHarnessException e) {
                return new PointRun(null, String.valueOf(e.getMessage()), harness.transitions(), seed);
            }
        }
    }

    /** @return the seed of one point's run: a base seed mixed with the point's id */
    static long seedFor(long seed, FailurePoint point) {
        return seed ^ (point.id().hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** @return the first line of the problem */
    String summary() {
        String text = problem == null ? "" : problem;
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}

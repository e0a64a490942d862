package io.sagaflow.test;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs the same inputs and failures through a reference function (the monolith's all-or-nothing transaction) and
 * through the saga, and reports every case where the saga's end state differs: the check a team needs when it
 * strangles a monolith one transaction at a time.
 *
 * <pre>{@code
 * ShadowReport<Order, EndState> report = ShadowComparison.of(placeOrder, Shop::new, (shop, order) -> shop.endState(order.id()))
 *     .inputs(order1, order2)
 *     .reference((order, failure) -> failure.failingStep().isPresent() ? untouched : committed(order))
 *     .compare();
 * report.assertNoMismatches();
 * }</pre>
 *
 * <p>By default every failure point but crashes is compared (a crash changes no end state the monolith could
 * have); pass {@link #failures} to choose, crash points included. A saga that does not end is a mismatch with a
 * null actual state. Not thread-safe; runs on the caller's thread.
 *
 * @param <D> the saga data (the transaction's input)
 * @param <W> the world type
 * @param <E> the end state type, compared with {@link Object#equals}
 * @since 0.1
 */
public final class ShadowComparison<D, W extends SagaWorld, E> {
    private final SagaDefinition<D> saga;
    private final Supplier<W> worlds;
    private final BiFunction<W, D, E> endState;
    private final List<D> inputs = new ArrayList<>();
    private @Nullable List<FailurePoint> failures;
    private @Nullable BiFunction<D, FailurePoint, E> reference;
    private long seed = new SplittableRandom().nextLong();
    private SagaTestEnvironment.Factory environment = new InMemoryEnvironment();
    private Duration runTimeout = Duration.ofSeconds(10);

    private ShadowComparison(SagaDefinition<D> saga, Supplier<W> worlds, BiFunction<W, D, E> endState) {
        this.saga = Objects.requireNonNull(saga, "saga");
        this.worlds = Objects.requireNonNull(worlds, "worlds");
        this.endState = Objects.requireNonNull(endState, "endState");
    }

    /**
     * @param saga the saga that replaces the monolith's transaction
     * @param worlds makes a fresh world per run
     * @param endState reads the end state from a world after the saga ran on an input
     * @param <D> the data type
     * @param <W> the world type
     * @param <E> the end state type
     * @return a comparison
     */
    public static <D, W extends SagaWorld, E> ShadowComparison<D, W, E> of(SagaDefinition<D> saga,
                                                                          Supplier<W> worlds,
                                                                          BiFunction<W, D, E> endState) {
        return new ShadowComparison<>(saga, worlds, endState);
    }

    /** @param data inputs to compare on @return this comparison */
    @SafeVarargs
    public final ShadowComparison<D, W, E> inputs(D... data) {
        return inputs(List.of(data));
    }

    /** @param data inputs to compare on @return this comparison */
    public ShadowComparison<D, W, E> inputs(List<D> data) {
        inputs.addAll(data);
        return this;
    }

    /**
     * @param monolith the reference: the end state the monolith's transaction leaves for an input and a failure
     * @return this comparison
     */
    public ShadowComparison<D, W, E> reference(BiFunction<D, FailurePoint, E> monolith) {
        this.reference = Objects.requireNonNull(monolith, "monolith");
        return this;
    }

    /** @param points the failures to compare under; default every point but crashes @return this comparison */
    public ShadowComparison<D, W, E> failures(List<FailurePoint> points) {
        this.failures = List.copyOf(points);
        return this;
    }

    /** @param randomSeed the seed of every run @return this comparison */
    public ShadowComparison<D, W, E> seed(long randomSeed) {
        this.seed = randomSeed;
        return this;
    }

    /** @param factory the broker and store of every run @return this comparison */
    public ShadowComparison<D, W, E> environment(SagaTestEnvironment.Factory factory) {
        this.environment = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** @param timeout real time one run may take @return this comparison */
    public ShadowComparison<D, W, E> runTimeout(Duration timeout) {
        this.runTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Runs every input under every failure, through the reference and the saga.
     *
     * @return the mismatches
     * @throws IllegalStateException without inputs or reference
     */
    public ShadowReport<D, E> compare() {
        if (inputs.isEmpty() || reference == null) {
            throw new IllegalStateException("shadow comparison of saga '" + saga.name()
                    + "' needs inputs(..) and reference(..)");
        }
        List<FailurePoint> points = failures != null ? failures : FailurePoints.withoutCrashes(saga, false);
        List<ShadowReport.Mismatch<D, E>> mismatches = new ArrayList<>();
        for (D input : inputs) {
            for (FailurePoint point : points) {
                E expected = reference.apply(input, point);
                W world = worlds.get();
                PointRun run = PointRun.run(saga, world, input, point, environment, PointRun.seedFor(seed, point),
                        runTimeout);
                SagaInstance settled = run.saga();
                E actual = settled == null ? null : endState.apply(world, input);
                if (!Objects.equals(expected, actual)) {
                    mismatches.add(new ShadowReport.Mismatch<>(input, point, expected, actual,
                            settled == null ? Objects.requireNonNullElse(run.problem(), "") : settled.trace()));
                }
            }
        }
        return new ShadowReport<>(saga.name(), seed, inputs.size() * points.size(), mismatches);
    }
}

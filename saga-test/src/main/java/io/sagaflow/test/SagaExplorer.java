package io.sagaflow.test;

import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one saga once per failure point, each run on a fresh harness and a fresh {@link SagaWorld}, and reports every
 * point where an invariant over the world or the terminal-state rule breaks:
 *
 * <pre>{@code
 * ExplorationReport report = SagaExplorer.of(placeOrder, Shop::new)
 *     .input(new Order("o-1", "sku-1", 3, 500))
 *     .invariant("no payment for an unconfirmed order", (shop, saga) -> shop.charged("o-1") == 0 || shop.confirmed("o-1"))
 *     .seed(42)
 *     .explore();
 * report.assertNoFindings();
 * }</pre>
 *
 * <p>The points: each participant step failing (business failure, exception), each compensation failing twice
 * then succeeding and failing for good, each command and reply delivered twice, each first reply lost, and a crash
 * after each persisted transition (of a clean run, and of a run that compensates as much as it can). The terminal
 * rule: every saga ends COMPLETED or COMPENSATED; FAILED only where a compensation was made to fail for good (and
 * invariants are not checked then: a person must act). System properties {@code sagaflow.seed} and
 * {@code sagaflow.point} override {@link #seed} and {@link #only}.
 *
 * <p>Not thread-safe; runs one point after another on the caller's thread.
 *
 * @param <D> the saga data type
 * @param <W> the world type
 * @since 0.1
 */
public final class SagaExplorer<D, W extends SagaWorld> {
    /** System property naming the one failure point to run. */
    public static final String POINT_PROPERTY = "sagaflow.point";
    private static final Logger log = LoggerFactory.getLogger(SagaExplorer.class);

    private final SagaDefinition<D> saga;
    private final Supplier<W> worlds;
    private final Map<String, BiPredicate<W, SagaInstance>> invariants = new LinkedHashMap<>();
    private @Nullable Function<W, D> input;
    private long seed = new SplittableRandom().nextLong();
    private @Nullable String only;
    private SagaTestEnvironment.Factory environment = new InMemoryEnvironment();
    private Duration runTimeout = Duration.ofSeconds(10);

    private SagaExplorer(SagaDefinition<D> saga, Supplier<W> worlds) {
        this.saga = Objects.requireNonNull(saga, "saga");
        this.worlds = Objects.requireNonNull(worlds, "worlds");
        String seedProperty = System.getProperty(SagaTestExtension.SEED_PROPERTY);
        if (seedProperty != null) {
            this.seed = Long.parseLong(seedProperty.trim());
        }
        this.only = System.getProperty(POINT_PROPERTY);
    }

    /**
     * @param saga the saga to explore
     * @param worlds makes a fresh world (participants and their state) per run
     * @param <D> the data type
     * @param <W> the world type
     * @return an explorer
     */
    public static <D, W extends SagaWorld> SagaExplorer<D, W> of(SagaDefinition<D> saga, Supplier<W> worlds) {
        return new SagaExplorer<>(saga, worlds);
    }

    /** @param data the saga's input in every run @return this explorer */
    public SagaExplorer<D, W> input(D data) {
        Objects.requireNonNull(data, "data");
        return input(world -> data);
    }

    /** @param fromWorld makes the input from each run's world @return this explorer */
    public SagaExplorer<D, W> input(Function<W, D> fromWorld) {
        this.input = Objects.requireNonNull(fromWorld, "fromWorld");
        return this;
    }

    /**
     * @param name says what must hold, for the report
     * @param holds reads the world and the settled saga after each run
     * @return this explorer
     */
    public SagaExplorer<D, W> invariant(String name, BiPredicate<W, SagaInstance> holds) {
        if (invariants.putIfAbsent(Objects.requireNonNull(name, "name"), Objects.requireNonNull(holds, "holds"))
                != null) {
            throw new IllegalArgumentException("invariant '" + name + "' is declared twice");
        }
        return this;
    }

    /** @param randomSeed the seed of every run's random choices @return this explorer */
    public SagaExplorer<D, W> seed(long randomSeed) {
        if (System.getProperty(SagaTestExtension.SEED_PROPERTY) == null) {
            this.seed = randomSeed;
        }
        return this;
    }

    /** @param pointId run only this failure point, as printed in a report @return this explorer */
    public SagaExplorer<D, W> only(String pointId) {
        if (System.getProperty(POINT_PROPERTY) == null) {
            this.only = Objects.requireNonNull(pointId, "pointId");
        }
        return this;
    }

    /** @param factory the broker and store of every run; default in memory @return this explorer */
    public SagaExplorer<D, W> environment(SagaTestEnvironment.Factory factory) {
        this.environment = Objects.requireNonNull(factory, "factory");
        return this;
    }

    /** @param timeout real time one run may take @return this explorer */
    public SagaExplorer<D, W> runTimeout(Duration timeout) {
        this.runTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Runs every failure point (or the one chosen with {@link #only}).
     *
     * @return the points explored and what broke
     * @throws IllegalStateException if no input was given
     */
    public ExplorationReport explore() {
        if (input == null) {
            throw new IllegalStateException("explorer of saga '" + saga.name() + "' has no input: call input(..)");
        }
        List<FailurePoint> points = new ArrayList<>(FailurePoints.withoutCrashes(saga, true));
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        // The clean run and the most compensating run are always made: their transitions are the crash points.
        Optional<String> deepest = FailurePoints.deepestTrigger(saga);
        FailurePoint clean = new FailurePoint.None();
        FailurePoint compensating = deepest.<FailurePoint>map(s -> new FailurePoint.StepFails(s, true,
                FailurePoint.ALWAYS)).orElse(clean);
        Outcome cleanRun = run(clean);
        Outcome compensatingRun = run(compensating);
        outcomes.put(clean.id(), cleanRun);
        outcomes.put(compensating.id(), compensatingRun);
        points.addAll(crashPoints(cleanRun.transitions(), compensatingRun.transitions(), deepest.orElse(null)));
        List<FailurePoint> explored = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (FailurePoint point : points) {
            if (only != null && !only.equals(point.id())) {
                continue;
            }
            explored.add(point);
            Outcome outcome = outcomes.containsKey(point.id()) ? outcomes.get(point.id()) : run(point);
            findings.addAll(outcome.findings());
        }
        if (only != null && explored.isEmpty()) {
            throw new IllegalArgumentException("saga '" + saga.name() + "' has no failure point '" + only
                    + "'; points: " + points.stream().map(FailurePoint::id).toList());
        }
        ExplorationReport report = new ExplorationReport(saga.name(), seed, explored, findings);
        log.info("explored saga '{}': {} point(s), {} finding(s), seed {}", saga.name(), explored.size(),
                findings.size(), seed);
        return report;
    }

    private static List<FailurePoint> crashPoints(List<String> clean, List<String> compensating,
                                                  @Nullable String trigger) {
        List<FailurePoint> points = new ArrayList<>();
        for (int version = 0; version < clean.size(); version++) {
            points.add(new FailurePoint.CrashAfter(version, clean.get(version), null));
        }
        for (int version = 0; version < compensating.size(); version++) {
            boolean same = version < clean.size() && clean.get(version).equals(compensating.get(version));
            if (!same && trigger != null) {
                points.add(new FailurePoint.CrashAfter(version, compensating.get(version), trigger));
            }
        }
        return points;
    }

    private Outcome run(FailurePoint point) {
        W world = worlds.get();
        D data = Objects.requireNonNull(input).apply(world);
        PointRun run = PointRun.run(saga, world, data, point, environment, PointRun.seedFor(seed, point), runTimeout);
        List<Finding> findings = new ArrayList<>();
        SagaInstance settled = run.saga();
        if (settled == null) {
            findings.add(new Finding(point, "the saga did not end: " + run.summary(),
                    Objects.requireNonNullElse(run.problem(), ""), run.seed()));
            return new Outcome(findings, run.transitions());
        }
        checkTerminalRule(point, settled, run.seed(), findings);
        if (settled.status() != SagaStatus.FAILED) {
            invariants.forEach((name, holds) -> {
                if (!holds.test(world, settled)) {
                    findings.add(new Finding(point, "invariant broken: " + name, settled.trace(), run.seed()));
                }
            });
        }
        return new Outcome(findings, run.transitions());
    }

    private static void checkTerminalRule(FailurePoint point, SagaInstance saga, long runSeed,
                                          List<Finding> findings) {
        SagaStatus status = saga.status();
        if (status == SagaStatus.FAILED && !point.allowsFailed()) {
            findings.add(new Finding(point, "ended FAILED although no compensation was made to fail for good: "
                    + saga.failureReason(), saga.trace(), runSeed));
        } else if (!status.isSettled()) {
            findings.add(new Finding(point, "ended " + status, saga.trace(), runSeed));
        } else if (status == SagaStatus.COMPLETED && point.failingStep().isPresent()
                && !point.allowsFailed()) {
            findings.add(new Finding(point, "ended COMPLETED although step " + point.failingStep().get()
                    + " was made to fail for good", saga.trace(), runSeed));
        }
    }

    private record Outcome(List<Finding> findings, List<String> transitions) {
    }
}

package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BoundsTextTest {
    private static LoadDriver.Result window(double sagasPerSecond, double bytesPerSaga) {
        return new LoadDriver.Result("Sagaflow", "closed loop", sagasPerSecond, 1, 0, new Histogram(3), 10,
                bytesPerSaga, new GcPauses.Summary(0, 0, 0), ThreadCpu.PerSaga.NONE);
    }

    private static LoadDriver.Result open(double sagasPerSecond, double bytesPerSaga, double offeredPerSecond) {
        return new LoadDriver.Result("Sagaflow", "open loop", sagasPerSecond, 1, 0, new Histogram(3), 10,
                bytesPerSaga, new GcPauses.Summary(0, 0, 0), ThreadCpu.PerSaga.NONE, offeredPerSecond);
    }

    @Test
    void saysWhenAnOpenLoopSettledFewerSagasThanArrived() {
        assertThat(BoundsText.fellBehind(open(34_677, 18_468, 84_231), window(168_462, 7_468)))
                .isEqualTo(" In this run it did not drain: orders arrived at 84,231/s and 34,677/s settled, so the"
                        + " backlog grew through the window (the bytes allocated per saga rose to 18,468, against"
                        + " 7,468 in the closed loop, as queued sagas lived long enough to be copied by each"
                        + " collection), and the latencies above are those of an overloaded system, not of one at"
                        + " half its load.");
    }

    @Test
    void saysNothingWhenItKeptUp() {
        assertThat(BoundsText.fellBehind(open(84_100, 7_500, 84_231), window(168_462, 7_468))).isEmpty();
        assertThat(BoundsText.fellBehind(open(80_100, 7_500, 84_231), window(168_462, 7_468))).isEmpty();
        // A closed loop has no arrival rate to fall behind.
        assertThat(BoundsText.fellBehind(window(1_000, 7_500), window(168_462, 7_468))).isEmpty();
    }

    @Test
    void anOpenLoopThatFellBehindIsBoundedByTheCostPerSagaAtTheHighestRateItKeptUpWith() {
        LoadDriver.Result kept = new LoadDriver.Result("Sagaflow", "open loop", 42_000, 1, 0, new Histogram(3), 36,
                7_500, new GcPauses.Summary(0, 0, 0), ThreadCpu.PerSaga.NONE, 42_100);
        LoadDriver.Result behind = open(17_856, 27_000, 85_612);

        assertThat(kept.fellBehind()).isFalse();
        assertThat(behind.fellBehind()).isTrue();
        assertThat(BoundsText.keptUpCost(kept, window(171_225, 7_450), behind.arrivalsPerSecond()))
                .isEqualTo(String.format("At 42,100/s, the highest rate it kept up with in this run, a saga cost"
                        + " 36.0 CPU-µs against 10.0 in the closed loop (with queues often empty, each hand-off wakes"
                        + " a parked consumer), so 85,612/s would take 3.1 of the %d cores", Ceiling.CORES));
        assertThat(BoundsText.keptUpCost(null, window(171_225, 7_450), 85_612)).isEmpty();
        // After the paragraph's "did not drain" sentence, which ends with its own full stop.
        assertThat(BoundsText.fellBehind(behind, window(171_225, 7_450))
                + BoundsText.sentence(BoundsText.keptUpCost(kept, window(171_225, 7_450), 85_612)))
                .contains("half its load. At 42,100/s").endsWith("of the " + Ceiling.CORES + " cores.")
                .doesNotContain("..");
        assertThat(BoundsText.sentence("")).isEmpty();
    }

    @Test
    void floorsBelowTheBudgetLeaveTheGapToTheEngine() {
        // 5 hand-offs of 0.25 µs and 1.5 µs of JSON: 2.75 µs against Axon's 87.5 µs over 10.
        String text = BoundsText.floors(new InMemoryFloors.Floors(0.25, 1.5), 87.5, 16.5, 11.0);

        assertThat(text).contains("cost **0.25 CPU-µs**, 1.3 for a queued saga's 5 hand-offs",
                "in **1.5 CPU-µs** on one thread. Together 2.8 CPU-µs a saga, against the **8.8 µs**",
                "leave 6.0 µs of it for everything else, and Sagaflow took 13.8 µs more than the floor (9.5 µs with"
                        + " direct dispatch", "the gap to 10× is the engine's own work");
    }

    @Test
    void floorsOverTheBudgetSayTheDesignCannotReachIt() {
        String text = BoundsText.floors(new InMemoryFloors.Floors(1.0, 5.0), 87.5, 16.5, 11.0);

        assertThat(text).contains("Together 10.0 CPU-µs a saga", "10× Axon cannot be reached on this machine")
                .doesNotContain("the engine's own work");
    }

    @Test
    void measuresAHandOffAndASagasJson() throws InterruptedException {
        InMemoryFloors.Floors floors = InMemoryFloors.measure(java.time.Duration.ofMillis(200));

        // Positive and finite: each is CPU time over a count that a stuck ring or codec would leave at zero.
        assertThat(floors.handOffMicros()).isPositive().isFinite();
        assertThat(floors.jsonMicrosPerSaga()).isPositive().isFinite();
        assertThat(floors.perSaga()).isEqualTo(5 * floors.handOffMicros() + floors.jsonMicrosPerSaga());
    }
}

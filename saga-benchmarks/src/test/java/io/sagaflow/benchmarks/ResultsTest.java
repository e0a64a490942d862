package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultsTest {
    private static ScalingBench.Steps steps(int steps, double cpuMicrosPerSaga) {
        return new ScalingBench.Steps(steps, new LoadDriver.Result("Sagaflow", "closed loop", 1_000, 1, 0,
                new Histogram(3), cpuMicrosPerSaga, 7_000, new GcPauses.Summary(0, 0, 0), ThreadCpu.PerSaga.NONE));
    }

    @Test
    void comparesSagaLengthsWithinEachRoundAndTakesEachLengthsMedianRound() {
        Results results = new Results();
        // Round 2 ran on a host twice as fast: across rounds the 3-step saga of round 2 and the 30-step saga of
        // round 1 would make the cost look three times steeper than it is.
        results.stepRounds.add(List.of(steps(3, 15), steps(30, 180)));
        results.stepRounds.add(List.of(steps(3, 7.5), steps(30, 90)));
        results.stepRounds.add(List.of(steps(3, 12), steps(30, 132)));

        assertThat(results.stepSpreads()).satisfiesExactly(
                spread -> assertThat(spread).isCloseTo(1.2, within(1e-9)),
                spread -> assertThat(spread).isCloseTo(1.2, within(1e-9)),
                spread -> assertThat(spread).isCloseTo(1.1, within(1e-9)));
        assertThat(Results.medianSteps(results.stepRounds)).extracting(s -> s.result().cpuMicrosPerSaga())
                .containsExactly(12.0, 132.0);
    }
}

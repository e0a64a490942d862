package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BoundsTextTest {
    private static LoadDriver.Result window(double sagasPerSecond, double bytesPerSaga) {
        return new LoadDriver.Result("Sagaflow", "open loop", sagasPerSecond, 1, 0, new Histogram(3), 10,
                bytesPerSaga, new GcPauses.Summary(0, 0, 0), ThreadCpu.PerSaga.NONE);
    }

    @Test
    void saysWhenAnOpenLoopSettledFewerSagasThanArrived() {
        assertThat(BoundsText.fellBehind(window(34_677, 18_468), 84_231, window(168_462, 7_468)))
                .isEqualTo(" In this run it did not drain: orders arrived at 84,231/s and 34,677/s settled, so the"
                        + " backlog grew through the window (the bytes allocated per saga rose to 18,468, against"
                        + " 7,468 in the closed loop, as queued sagas lived long enough to be copied by each"
                        + " collection), and the latencies above are those of an overloaded system, not of one at"
                        + " half its load.");
    }

    @Test
    void saysNothingWhenItKeptUp() {
        assertThat(BoundsText.fellBehind(window(84_100, 7_500), 84_231, window(168_462, 7_468))).isEmpty();
        assertThat(BoundsText.fellBehind(window(80_100, 7_500), 84_231, window(168_462, 7_468))).isEmpty();
    }
}

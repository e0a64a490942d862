package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static LoadDriver.Result round(double cpuMicrosPerSaga) {
        return new LoadDriver.Result("Sagaflow", "closed loop", 1, 1, 0, new Histogram(3), cpuMicrosPerSaga,
                new GcPauses.Summary(0, 0, 0), ThreadCpu.PerSaga.NONE);
    }

    @Test
    void theCaveatNamesTheSpreadOfCpuPerSagaOnlyWhenTheCoresChangedSpeed() {
        assertThat(Report.speedSpread(List.of(round(16.9), round(8.8), round(10.2))))
                .contains("ranged from 8.8 to 16.9 µs").contains("(1.92×)");
        assertThat(Report.speedSpread(List.of(round(10.0), round(12.9)))).isEmpty();
        assertThat(Report.speedSpread(List.of())).isEmpty();
    }
}

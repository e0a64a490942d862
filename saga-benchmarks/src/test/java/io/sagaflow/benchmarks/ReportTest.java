package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static LoadDriver.Result round(double cpuMicrosPerSaga) {
        return allocating(cpuMicrosPerSaga, Double.NaN);
    }

    private static LoadDriver.Result allocating(double cpuMicrosPerSaga, double bytesPerSaga) {
        return new LoadDriver.Result("Sagaflow", "closed loop", 1, 1, 0, new Histogram(3), cpuMicrosPerSaga,
                bytesPerSaga, new GcPauses.Summary(0, 0, 0), ThreadCpu.PerSaga.NONE);
    }

    @Test
    void theAllocationSentenceGivesEachSystemsBytesAndAxonsRatioToSagaflows() {
        assertThat(Report.allocation(allocating(18, 7_500), allocating(10, 7_400), allocating(70, 30_000)))
                .isEqualTo("**Bytes allocated per saga** (the median rounds): Sagaflow 7,500, with direct dispatch"
                        + " 7,400, Axon 30,000: Axon allocates 4.00× as much (4.05× with direct dispatch).");
        assertThat(Report.allocation(allocating(18, 7_500), null, allocating(70, 15_000)))
                .isEqualTo("**Bytes allocated per saga** (the median rounds): Sagaflow 7,500, Axon 15,000: Axon"
                        + " allocates 2.00× as much.");
        assertThat(Report.allocation(allocating(18, 30_000), null, allocating(70, 7_500)))
                .isEqualTo("**Bytes allocated per saga** (the median rounds): Sagaflow 30,000, Axon 7,500: Sagaflow"
                        + " allocates 4.00× as much as Axon.");
        assertThat(Report.allocation(allocating(18, Double.NaN), null, allocating(70, 15_000))).isEmpty();
    }

    @Test
    void aResultRowShowsADashWhereTheJvmDidNotCountTheBytesAllocated() {
        Report report = new Report(new Results(), Sizes.smoke(), Path.of("unused"));
        report.resultRow(allocating(18.25, Double.NaN));
        report.resultRow(allocating(18.25, 7_470.4));

        assertThat(report.markdown().lines().toList()).containsExactly(
                "| Sagaflow | closed loop | 1 | 18.3 | – | 0 of 1 | 0 | 0 | 0 |",
                "| Sagaflow | closed loop | 1 | 18.3 | 7,470 | 0 of 1 | 0 | 0 | 0 |");
    }

    @Test
    void theCaveatNamesTheSpreadOfCpuPerSagaOnlyWhenTheCoresChangedSpeed() {
        assertThat(Report.speedSpread(List.of(round(16.9), round(8.8), round(10.2))))
                .contains("ranged from 8.8 to 16.9 µs").contains("(1.92×)");
        assertThat(Report.speedSpread(List.of(round(10.0), round(12.9)))).isEmpty();
        assertThat(Report.speedSpread(List.of())).isEmpty();
    }
}

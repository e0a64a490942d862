package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the suite compiling and running: every scenario with tiny sizes, asserting only correctness (never a
 * timing). Sections that need RabbitMQ or PostgreSQL run when the server is up and are skipped by the suite itself
 * otherwise.
 */
class BenchmarkSuiteTest {

    @Test
    void everyOrderSettlesWithTheExpectedStatusOnSagaflowAndAxon() throws Exception {
        LoadDriver driver = new LoadDriver();
        try (SagaflowOrderSystem sagaflow = new SagaflowOrderSystem()) {
            LoadDriver.Result result = driver.closedLoop(sagaflow, 16, 2, Duration.ofMillis(100),
                    Duration.ofMillis(300));
            assertSettledAsExpected(result, sagaflow.ledger());
        }
        try (AxonOrderSystem axon = new AxonOrderSystem()) {
            LoadDriver.Result result = driver.closedLoop(axon, 2, 2, Duration.ofMillis(100), Duration.ofMillis(300));
            assertSettledAsExpected(result, axon.ledger());
        }
    }

    @Test
    void theSuiteRunsEveryScenarioAndWritesTheReportWithCharts(@TempDir Path docs) throws Exception {
        Results results = BenchmarkSuite.run(Sizes.smoke(), docs);
        Path report = new Report(results, Sizes.smoke(), docs).write();

        assertThat(results.sagaflowRounds).hasSize(1);
        assertThat(results.axonRounds).hasSize(1);
        assertThat(results.sagaflowOpen).isNotNull();
        assertThat(results.axonOpen).isNotNull();
        assertThat(results.inFlight).singleElement()
                .satisfies(level -> assertThat(level.heapBytesPerSaga()).isPositive());
        assertThat(results.steps).singleElement().satisfies(s -> assertThat(s.result().settled()).isPositive());
        assertThat(results.durablePending).contains("PENDING");
        assertThat(results.ceilings.size() + results.skipped.size()).isGreaterThanOrEqualTo(2);
        assertThat(Files.readString(report)).contains("# Performance", "Sagaflow", "Axon 4.13", "PENDING");
        assertThat(docs.resolve("performance/throughput.png")).isNotEmptyFile();
        assertThat(docs.resolve("performance/latency.png")).isNotEmptyFile();
        assertThat(docs.resolve("performance/steps.png")).isNotEmptyFile();
    }

    private static void assertSettledAsExpected(LoadDriver.Result result, Ledger ledger) {
        // LoadDriver throws if any saga settled twice or with a status other than its order number demands.
        assertThat(result.settled()).isPositive();
        assertThat(ledger.reserved.sum()).isEqualTo(ledger.charged.sum() + ledger.declined.sum());
        assertThat(ledger.released.sum()).isEqualTo(ledger.declined.sum()).isPositive();
        assertThat(ledger.confirmed.sum()).isEqualTo(ledger.charged.sum());
    }
}

package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.inmemory.InMemoryMessageBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
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
        for (InMemoryMessageBroker.Dispatch dispatch : InMemoryMessageBroker.Dispatch.values()) {
            try (SagaflowOrderSystem sagaflow = new SagaflowOrderSystem(dispatch)) {
                LoadDriver.Result result = driver.closedLoop(sagaflow, 16, 2, Duration.ofMillis(100),
                        Duration.ofMillis(300));
                assertSettledAsExpected(result, sagaflow.ledger());
                assertThat(result.system()).isEqualTo(dispatch == InMemoryMessageBroker.Dispatch.DIRECT
                        ? SagaflowOrderSystem.DIRECT_NAME : "Sagaflow");
            }
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
        assertThat(results.directRounds).hasSize(1);
        assertThat(results.sagaflowOpen).isNotNull();
        assertThat(results.directOpen).isNotNull();
        assertThat(results.axonOpen).isNotNull();
        assertThat(results.sagaflowSweep).hasSize(BenchmarkSuite.SWEEP.size());
        assertThat(results.inFlight).singleElement()
                .satisfies(level -> assertThat(level.heapBytesPerSaga()).isPositive());
        assertThat(results.steps).singleElement().satisfies(s -> assertThat(s.result().settled()).isPositive());
        assertThat(results.durable != null || !results.durableSkipped.isEmpty()).isTrue();
        assertThat(results.ceilings.size() + results.skipped.size()).isGreaterThanOrEqualTo(2);
        assertThat(Files.readString(report)).contains("# Performance", "Sagaflow", "Axon 4.13",
                "## Durable: PostgreSQL and RabbitMQ", "| Share of the closed-loop rate |",
                "| " + SagaflowOrderSystem.DIRECT_NAME + " |", "**Direct dispatch.**", "## CPU by thread");
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            // A row per kind of thread that used any CPU in the window, then their sum.
            assertThat(Files.readString(report)).contains("| Threads |", "| **all threads counted**")
                    .containsPattern("\\| (JIT compiler|open-loop arrival threads|virtual-thread carriers[^|]*) \\| [0-9]");
        }
        if (results.ceilings.stream().anyMatch(c -> c.name().equals(RabbitMqCeiling.SAGA_SHAPE))) {
            // The broker's ceiling in the saga's own shape, with the machine's CPU a message, and the floor it sets.
            assertThat(Files.readString(report)).contains("| " + RabbitMqCeiling.SAGA_SHAPE + " | ")
                    .containsPattern("\\| [0-9]+% \\| [0-9,]+ \\| 4 publishing threads");
            if (results.durable != null) {
                assertThat(Files.readString(report)).contains("**Messaging alone.**");
            }
        }
        assertThat(results.inMemoryFloors).isNotNull();
        assertThat(Files.readString(report)).contains("**Floors without the engine**", "(see \"Floors without the"
                + " engine\")");
        assertThat(docs.resolve("performance/throughput.png")).isNotEmptyFile();
        assertThat(docs.resolve("performance/latency.png")).isNotEmptyFile();
        assertThat(docs.resolve("performance/latency-by-rate.png")).isNotEmptyFile();
        assertThat(docs.resolve("performance/steps.png")).isNotEmptyFile();
    }

    @Test
    @RequiresServers
    void everyOrderSettlesWithTheExpectedStatusOverPostgresAndRabbitMqWithOneAndTwoEngines() throws Exception {
        for (int engines = 1; engines <= 2; engines++) {
            try (DurableBackend backend = new DurableBackend()) {
                java.util.List<io.sagaflow.spi.SagaStore> stores = new java.util.ArrayList<>();
                for (int i = 0; i < engines; i++) {
                    stores.add(backend.newStore());
                }
                try (SagaflowOrderSystem system = new SagaflowOrderSystem(backend.newBroker(), stores,
                        SagaflowOrderSystem.PLACE_ORDER, java.util.List.of())) {
                    // About 20 sagas: 4 in flight for a fraction of a second.
                    LoadDriver.Result result = new LoadDriver().closedLoop(system, 4, 1, Duration.ofMillis(50),
                            Duration.ofMillis(200));
                    // Every saga has settled; the confirmation event it published may still be on its way.
                    Awaitility.await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() -> assertSettledAsExpected(result, system.ledger()));
                }
                assertThat(backend.tableWrites()).containsKeys("sagaflow_saga", "sagaflow_outbox");
            }
        }
    }

    private static void assertSettledAsExpected(LoadDriver.Result result, Ledger ledger) {
        // LoadDriver throws if any saga settled twice or with a status other than its order number demands.
        assertThat(result.settled()).isPositive();
        assertThat(ledger.reserved.sum()).isEqualTo(ledger.charged.sum() + ledger.declined.sum());
        assertThat(ledger.released.sum()).isEqualTo(ledger.declined.sum()).isPositive();
        assertThat(ledger.confirmed.sum()).isEqualTo(ledger.charged.sum());
    }
}

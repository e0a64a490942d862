package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.SagaStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the orchestrator process with {@code kill -9} at random points while sagas run, starts it again, and checks
 * in PostgreSQL that every saga ended as its input says and the participants' ledgers balance. What was in flight
 * in the dead process's in-memory broker is recovered from the database: unsent outbox rows by the relay, lost
 * commands and replies by the stored reply timeouts, duplicates by the inbox and the participants' idempotency.
 *
 * <p>The kill points come from a seed printed in the log; rerun one with {@code -Dsagaflow.crash.seed=<seed>}.
 */
@ExtendWith(RequiresPostgres.class)
class CrashRecoveryTest {
    private static final Logger log = LoggerFactory.getLogger(CrashRecoveryTest.class);
    private static final int SAGAS = 120;
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);
    private static TestDatabase database;

    @BeforeAll
    static void openDatabase() {
        database = TestDatabase.postgres(4);
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everySagaEndsRightAfterTheOrchestratorIsKilledRepeatedly() throws Exception {
        long seed = Long.getLong("sagaflow.crash.seed", System.nanoTime());
        log.info("crash recovery test seed {} (rerun with -Dsagaflow.crash.seed={})", seed, seed);
        Random random = new Random(seed);
        String sagaSchema = database.newSchema();
        String inventorySchema = database.newSchema();
        String paymentSchema = database.newSchema();
        OrderSagas.createInventory(database.dataSource, inventorySchema);
        OrderSagas.createPayment(database.dataSource, paymentSchema);
        // Progress counts a saga's creation and each of its updates; a run of SAGAS sagas makes at least 3 per saga.
        List<Long> killPoints = List.of(1L + random.nextInt(SAGAS / 2), SAGAS + (long) random.nextInt(SAGAS),
                2L * SAGAS + random.nextInt(SAGAS));
        log.info("killing the orchestrator at progress {}", killPoints);

        try (JdbcSagaStore store = database.store(sagaSchema)) {
            for (int run = 0; run < killPoints.size(); run++) {
                long killAt = killPoints.get(run);
                Process child = start(run, sagaSchema, inventorySchema, paymentSchema);
                try {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                            .until(() -> progress(sagaSchema) >= killAt || !child.isAlive());
                    assertThat(child.isAlive()).as("child %d alive at its kill point", run).isTrue();
                } finally {
                    child.destroyForcibly();
                    child.waitFor(10, TimeUnit.SECONDS);
                }
                log.info("killed run {} at progress {} (kill point {})", run, progress(sagaSchema), killAt);
            }
            Process last = start(killPoints.size(), sagaSchema, inventorySchema, paymentSchema);
            try {
                await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Map<SagaStatus, Long> counts = store.countByStatus();
                    return counts.get(SagaStatus.COMPLETED) + counts.get(SagaStatus.COMPENSATED) == SAGAS;
                });
            } finally {
                last.destroyForcibly();
                last.waitFor(10, TimeUnit.SECONDS);
            }

            OrderSagas.verify(store, OrderSagas.orders(SAGAS), database.dataSource, inventorySchema,
                    database.dataSource, paymentSchema);
            assertThat(store.countByStatus()).containsEntry(SagaStatus.FAILED, 0L);
        }
    }

    private static long progress(String sagaSchema) {
        return database.count("SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM " + sagaSchema + ".sagaflow_saga");
    }

    private static Process start(int run, String sagaSchema, String inventorySchema, String paymentSchema)
            throws Exception {
        Path logFile = Path.of("target", "crash-recovery-run-" + run + ".log");
        Files.createDirectories(logFile.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), CrashRecoveryChild.class.getName(),
                sagaSchema, inventorySchema, paymentSchema, Integer.toString(SAGAS),
                Long.toString(REPLY_TIMEOUT.toMillis()))
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        log.info("starting orchestrator run {}, log in {}", run, logFile.toAbsolutePath());
        return builder.start();
    }

}

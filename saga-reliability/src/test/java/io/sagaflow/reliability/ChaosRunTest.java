package io.sagaflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded chaos run of CI: 200 sagas over two orchestrators and three participants in their own JVMs, with
 * one {@code kill -9} of each node, one RabbitMQ restart, one PostgreSQL restart, 10 % duplicated messages and
 * poison messages. Rerun a schedule with {@code -Dsagaflow.chaos.seed=<seed>} (the seed is in the log).
 */
@ExtendWith(RequiresServers.class)
class ChaosRunTest {
    private static final Logger log = LoggerFactory.getLogger(ChaosRunTest.class);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everySagaEndsCorrectlyAndOnlyPoisonIsDeadLetteredUnderFaults() throws Exception {
        long seed = Long.getLong("sagaflow.chaos.seed", System.nanoTime());
        ChaosRun.Options options = new ChaosRun.Options(200, Duration.ofSeconds(50), seed, 1, 0.10, 0.02,
                Duration.ofSeconds(15), Duration.ofMinutes(2), false);

        ChaosResult result = ChaosRun.run(options, Path.of("target", "chaos-test"));

        log.info("chaos run (rerun with -Dsagaflow.chaos.seed={}):\n{}", seed, result.toMarkdown());
        assertThat(result.violations()).as("failed checks, seed %d", seed).isEmpty();
        assertThat(result.statuses()).containsEntry("COMPLETED", 160L).containsEntry("COMPENSATED", 40L)
                .doesNotContainKey("FAILED");
        assertThat(result.applied()).containsEntry(FaultSchedule.Kind.KILL, 5)
                .containsEntry(FaultSchedule.Kind.RABBITMQ_RESTART, 1)
                .containsEntry(FaultSchedule.Kind.POSTGRES_RESTART, 1)
                .containsEntry(FaultSchedule.Kind.POISON, 4);
        assertThat(result.deadLetters().values().stream().mapToInt(Poison.DeadLetters::distinctPoison).sum())
                .isEqualTo(4);
        assertThat(result.duplicated()).isPositive();
    }
}

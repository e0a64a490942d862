package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DurableTextTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void aCeilingsMachineCostIsItsBusyTimeOverItsOperations() {
        Ceiling ceiling = new Ceiling("RabbitMQ", 10_000, null, "how", 0.9);

        // 90% of every core for 10,000 operations a second.
        assertThat(ceiling.machineMicrosPerOperation()).isCloseTo(0.9 * CORES * 1e6 / 10_000, within(1e-9));
        assertThat(new Ceiling("noise", 10_000, null, "how", Double.NaN).machineMicrosPerOperation()).isNaN();
    }

    @Test
    void saysNoLibraryCanReachTheTargetWhenEvenBareMessagesTakeItsBudget() {
        assertThat(DurableText.verdict(1_050, 1_300, 300, 1_000, 550))
                .isEqualTo("more than the 1,000 µs that 2,000 sagas/s allows: even bare messages take 1,050 µs a"
                        + " saga, so on this machine the target cannot be reached whatever the library does, unless a"
                        + " saga moves fewer messages");
    }

    @Test
    void namesPostgresWhenBareMessagesAndTheStoreTogetherExceedIt() {
        assertThat(DurableText.verdict(800, 1_000, 350, 1_000, 550))
                .isEqualTo("more than the 1,000 µs that 2,000 sagas/s allows, and so are bare messages with"
                        + " PostgreSQL's share (1,150 µs): on this machine the target cannot be reached with this many"
                        + " messages and this much of PostgreSQL's time a saga, whatever the messages carry");
    }

    @Test
    void saysLeanerMessagesWouldBeNeededWhenOnlyTheSagasShapeExceedsIt() {
        assertThat(DurableText.verdict(500, 800, 300, 1_000, 550))
                .startsWith("more than the 1,000 µs that 2,000 sagas/s allows: the target would need leaner"
                        + " messages than the saga's (bare ones: 500 µs a saga)");
        assertThat(DurableText.verdict(Double.NaN, 800, 300, 1_000, 550))
                .endsWith(": on this machine the target cannot be reached with these messages and this much of"
                        + " PostgreSQL's time a saga");
    }

    @Test
    void givesWhatIsLeftForTheLibraryOtherwise() {
        assertThat(DurableText.verdict(400, 500, 200, 1_000, 550))
                .isEqualTo("which leaves 300 CPU-µs a saga for it at 2,000 sagas/s (this run's JVM took 550, its"
                        + " AMQP client included)");
    }
}

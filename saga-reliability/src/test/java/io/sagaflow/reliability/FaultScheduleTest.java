package io.sagaflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    @Test
    void sameSeedGivesSameScheduleAndEachRoundHitsEveryNodeAndServerOnce() {
        FaultSchedule first = FaultSchedule.generate(42, Duration.ofMinutes(5), 5, 100);
        FaultSchedule again = FaultSchedule.generate(42, Duration.ofMinutes(5), 5, 100);

        assertThat(again).isEqualTo(first);
        assertThat(first.count(FaultSchedule.Kind.KILL)).isEqualTo(25);
        assertThat(first.count(FaultSchedule.Kind.RABBITMQ_RESTART)).isEqualTo(5);
        assertThat(first.count(FaultSchedule.Kind.POSTGRES_RESTART)).isEqualTo(5);
        assertThat(first.count(FaultSchedule.Kind.POISON)).isEqualTo(100);
        assertThat(first.faults()).isSortedAccordingTo(java.util.Comparator.comparing(FaultSchedule.Fault::at))
                .allSatisfy(f -> assertThat(f.at()).isLessThan(Duration.ofMinutes(5)));
        assertThat(first.toMarkdown()).contains("kill -9 payment", "pg_ctlcluster restart", "poison #99");
    }

    @Test
    void differentSeedsGiveDifferentSchedules() {
        assertThat(FaultSchedule.generate(1, Duration.ofMinutes(1), 1, 4))
                .isNotEqualTo(FaultSchedule.generate(2, Duration.ofMinutes(1), 1, 4));
    }
}

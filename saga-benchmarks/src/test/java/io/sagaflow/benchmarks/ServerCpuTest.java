package io.sagaflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class ServerCpuTest {

    @Test
    void coresAreEachServersTicksOverTheWallClockBetweenTwoReadings() {
        ServerCpu before = new ServerCpu(1_000, 2_000, 0);
        ServerCpu after = new ServerCpu(1_050, 2_150, 2_000_000_000L);

        ServerCpu.Cores cores = ServerCpu.cores(before, after);
        assertThat(cores.postgres()).isCloseTo(0.25, within(1e-9));
        assertThat(cores.rabbit()).isCloseTo(0.75, within(1e-9));
        assertThat(cores.microsPerSaga(500).postgres()).isCloseTo(500, within(1e-6));
        assertThat(ServerCpu.cores(null, after)).isEqualTo(ServerCpu.Cores.UNKNOWN);
        assertThat(ServerCpu.cores(before, before)).isEqualTo(ServerCpu.Cores.UNKNOWN);
    }

    @Test
    @RequiresServers
    void aQueryThatKeepsPostgresBusyShowsAsPostgresTimeAndNotAsRabbitMqTime() throws Exception {
        ServerCpu before;
        ServerCpu after;
        try (Connection connection = DriverManager.getConnection(PostgresCeiling.URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            // Read with the connection open: a backend's time is lost once it ends (as the class says).
            statement.execute("SELECT 1");
            before = ServerCpu.now();
            // Half a second or more of one backend's CPU time, whatever else runs on the machine.
            statement.execute("SELECT count(*) FROM generate_series(1, 6000000)");
            after = ServerCpu.now();
        }

        assertThat(before).isNotNull();
        assertThat(after).isNotNull();
        assertThat(after.postgresTicks() - before.postgresTicks()).as("PostgreSQL ticks").isGreaterThanOrEqualTo(20);
        assertThat(after.rabbitTicks()).as("RabbitMQ's Erlang VM found").isPositive();
        assertThat(after.rabbitTicks() - before.rabbitTicks()).as("RabbitMQ ticks")
                .isLessThan(after.postgresTicks() - before.postgresTicks());
    }
}

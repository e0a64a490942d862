package io.sagaflow.test.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.jdbc.JdbcSagaStore;
import io.sagaflow.test.SagaTestEnvironment;
import io.sagaflow.testing.RequiresServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@RequiresServers(RequiresServers.Server.POSTGRESQL)
class PostgresEnvironmentTest extends EnvironmentScenarios {
    @Override
    SagaTestEnvironment.Factory environment() {
        return new JdbcEnvironment();
    }

    @Test
    void closeDropsTheHarnessSchema() throws Exception {
        String name = "c" + UUID.randomUUID().toString().substring(0, 8);
        SagaTestEnvironment environment = environment().create(name);
        try {
            assertThat(environment.store()).isInstanceOf(JdbcSagaStore.class);
            assertThat(environment.store().countByStatus().values()).allMatch(count -> count == 0);
            assertThat(schemas("sftest_" + name + "_%")).isEqualTo(1);
        } finally {
            environment.close();
        }

        assertThat(schemas("sftest_" + name + "_%")).isZero();
    }

    private static long schemas(String pattern) throws Exception {
        try (Connection connection = DriverManager.getConnection(JdbcEnvironment.DEFAULT_URL, "postgres", "");
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE ?")) {
            statement.setString(1, pattern);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

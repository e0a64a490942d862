package io.sagaflow.test.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.test.SagaTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class H2EnvironmentTest extends EnvironmentScenarios {
    @Override
    SagaTestEnvironment.Factory environment() {
        return new JdbcEnvironment.H2();
    }

    @Test
    void closeDeletesTheDatabaseDirectory() {
        SagaTestEnvironment environment = environment().create("cleanup");
        Path directory;
        try {
            Matcher file = Pattern.compile("jdbc:h2:file:(.*)/db;").matcher(environment.toString());
            assertThat(file.find()).as(environment.toString()).isTrue();
            directory = Path.of(file.group(1));
            assertThat(directory).isDirectory();
        } finally {
            environment.close();
        }

        assertThat(Files.exists(directory)).isFalse();
    }
}

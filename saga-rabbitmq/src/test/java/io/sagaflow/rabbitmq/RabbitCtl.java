package io.sagaflow.rabbitmq;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code rabbitmqctl} on this machine, where the test broker runs as the same user. */
final class RabbitCtl {
    private RabbitCtl() {
    }

    /** Skips the calling test when this machine has no {@code rabbitmqctl} (e.g. the broker runs in a container). */
    static void assumeAvailable() {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        boolean found = Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "rabbitmqctl")));
        Assumptions.assumeTrue(found, "needs rabbitmqctl of the local RabbitMQ on the PATH");
    }

    static String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("rabbitmqctl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " did not finish within 60 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(command + " failed with " + process.exitValue() + ": " + output);
        }
        return output;
    }
}

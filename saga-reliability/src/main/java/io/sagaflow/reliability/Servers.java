package io.sagaflow.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.rabbitmq.RabbitMqSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL and RabbitMQ servers the harness runs against, on this machine: connection settings, and the
 * commands that stop and start them ({@code pg_ctlcluster}, {@code rabbitmqctl}).
 *
 * <p>PostgreSQL: {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}, trust authentication
 * (system property {@code sagaflow.pg.url} overrides the URL). RabbitMQ: {@code 127.0.0.1:5672}, guest/guest.
 * Static methods, thread-safe; failures throw {@link HarnessException}.
 *
 * @since 0.1
 */
public final class Servers {
    private static final Logger log = LoggerFactory.getLogger(Servers.class);
    /** The PostgreSQL test database. */
    public static final String PG_URL = System.getProperty("sagaflow.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    /** The PostgreSQL user (trust authentication, no password). */
    public static final String PG_USER = "postgres";
    /** The RabbitMQ host. */
    public static final String RABBIT_HOST = "127.0.0.1";
    /** The RabbitMQ AMQP port. */
    public static final int RABBIT_PORT = 5672;
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(90);

    private Servers() {
    }

    /**
     * @param name pool name, shown in logs
     * @param size maximum connections
     * @return a HikariCP pool on the test database
     */
    public static HikariDataSource pool(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PG_URL);
        config.setUsername(PG_USER);
        config.setMaximumPoolSize(size);
        config.setPoolName(name);
        // Wait through a database restart instead of failing every request while it is down.
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        // A node (re)started while the database restarts keeps trying instead of dying.
        config.setInitializationFailTimeout(Duration.ofSeconds(60).toMillis());
        return new HikariDataSource(config);
    }

    /** @param prefix names' prefix @param quorum quorum queues @return settings for the local broker */
    public static RabbitMqSettings rabbit(String prefix, boolean quorum) {
        return RabbitMqSettings.builder().host(RABBIT_HOST).port(RABBIT_PORT).prefix(prefix).quorumQueues(quorum)
                .recoveryInterval(Duration.ofMillis(500)).build();
    }

    /** @return whether PostgreSQL accepts a connection now */
    public static boolean postgresUp() {
        Properties properties = new Properties();
        properties.setProperty("user", PG_USER);
        properties.setProperty("connectTimeout", "3");
        try (Connection connection = DriverManager.getConnection(PG_URL, properties)) {
            return connection.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    /** @return whether RabbitMQ accepts a TCP connection now */
    public static boolean rabbitUp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(RABBIT_HOST, RABBIT_PORT), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Restarts the local PostgreSQL cluster and waits until it accepts connections again. */
    public static void restartPostgres() {
        run(pgCtl("restart"));
        awaitUp("PostgreSQL", Servers::postgresUp);
    }

    /** Starts PostgreSQL if it does not answer (after a failed restart), and waits until it does. */
    public static void ensurePostgresUp() {
        if (!postgresUp()) {
            log.warn("PostgreSQL does not answer; starting it");
            run(pgCtl("start"));
            awaitUp("PostgreSQL", Servers::postgresUp);
        }
    }

    /** Stops the RabbitMQ application (the Erlang node stays up); clients lose their connections. */
    public static void stopRabbit() {
        run(List.of("rabbitmqctl", "stop_app"));
    }

    /** Starts the RabbitMQ application and waits until it accepts AMQP connections. Idempotent. */
    public static void startRabbit() {
        run(List.of("rabbitmqctl", "start_app"));
        awaitUp("RabbitMQ", Servers::rabbitUp);
    }

    /** @return whether both server control commands are on this machine */
    public static boolean controllable() {
        return Files.isDirectory(Path.of("/etc/postgresql")) && onPath("pg_ctlcluster") && onPath("rabbitmqctl");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static List<String> pgCtl(String action) {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            String version = versions.map(p -> p.getFileName().toString()).sorted().findFirst()
                    .orElseThrow(() -> new HarnessException("no cluster under /etc/postgresql"));
            return List.of("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action);
        } catch (IOException e) {
            throw new HarnessException("cannot list /etc/postgresql", e);
        }
    }

    private static void awaitUp(String what, java.util.function.BooleanSupplier up) {
        long deadline = System.nanoTime() + COMMAND_LIMIT.toNanos();
        while (!up.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new HarnessException(what + " did not come back within " + COMMAND_LIMIT);
            }
            pause(Duration.ofMillis(200));
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while pausing " + duration, e);
        }
    }

    /** @param command the command and its arguments @return its output; throws if it fails */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HarnessException(command + " did not finish within " + COMMAND_LIMIT);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new HarnessException(command + " failed with " + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new HarnessException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while running " + command, e);
        }
    }
}

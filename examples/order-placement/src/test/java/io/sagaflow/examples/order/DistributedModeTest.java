package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed mode: each service its own process ({@code --spring.profiles.active=distributed,<service>}) over
 * RabbitMQ and PostgreSQL, a schema per service, orders placed through the REST API.
 */
@RequiresPostgresAndRabbitMq
class DistributedModeTest {
    private static final List<String> SERVICES = List.of("inventory", "payment", "notification", "orders");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String schemaPrefix = "op_" + suffix + "_";
    private final String rabbitPrefix = "order-placement-" + suffix;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Path> logFiles = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path logs;

    @Test
    void placesOrdersAcrossProcessesAndNotifiesOnceTheNotificationServiceIsBack() throws Exception {
        for (String service : SERVICES) {
            start(service);
        }
        for (String service : SERVICES) {
            awaitUp(service);
        }

        String completed = place("alice", "book", 2);
        String declined = place("mallory", "book", 1);
        String outOfStock = place("bob", "lamp", 5);
        awaitStatus(completed, "COMPLETED");
        awaitStatus(declined, "COMPENSATED");
        awaitStatus(outOfStock, "COMPENSATED");
        assertThat(get("/orders/" + declined).body()).contains("card declined for mallory");
        assertThat(get("/orders/" + outOfStock).body()).contains("out of stock: lamp");
        await().atMost(Duration.ofSeconds(20)).until(() -> rows("notification", "order_id FROM notification")
                .contains(completed));

        // The notification service goes down: orders are still confirmed, and notified when it is back.
        processes.remove("notification").destroy();
        String whileDown = place("carol", "book", 1);
        awaitStatus(whileDown, "COMPLETED");
        assertThat(rows("notification", "order_id FROM notification")).doesNotContain(whileDown);
        start("notification");
        await().atMost(STARTUP).until(() -> rows("notification", "order_id FROM notification").contains(whileDown));

        // The ledgers, each in its own service's schema.
        assertThat(rows("inventory", "sku || '=' || available FROM stock")).containsExactly("book=7", "lamp=2");
        assertThat(rows("inventory", "order_id FROM reservation WHERE status = 'RESERVED'"))
                .containsExactlyInAnyOrder(completed, whileDown);
        assertThat(rows("payment", "order_id FROM payment")).containsExactlyInAnyOrder(completed, whileDown);
        assertThat(rows("notification", "order_id FROM notification"))
                .containsExactlyInAnyOrder(completed, whileDown);
        assertThat(rows("orders", "count(*) FROM sagaflow_saga")).containsExactly("4"); // the orders schema
    }

    private void start(String service) throws IOException {
        int port = ports.computeIfAbsent(service, s -> freePort());
        Path log = logs.resolve(service + "-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                OrderPlacementApplication.class.getName(), "--spring.profiles.active=distributed," + service,
                "--server.port=" + port, "--sagaflow.rabbitmq.prefix=" + rabbitPrefix,
                "--demo.db.schema-prefix=" + schemaPrefix, "--demo.db.pool-size=3"));
        processes.put(service, new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .start());
        logFiles.put(service, log);
    }

    private void awaitUp(String service) throws IOException {
        try {
            awaitReachable(service);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(service + " did not come up:\n" + Files.readString(logFiles.get(service)), e);
        }
    }

    private void awaitReachable(String service) {
        await(service + " is up (log: " + logFiles.get(service) + ")").atMost(STARTUP)
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    Process process = processes.get(service);
                    if (!process.isAlive()) {
                        throw new AssertionError(service + " exited with " + process.exitValue() + ":\n"
                                + Files.readString(logFiles.get(service)));
                    }
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get(service)
                                + "/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() > 0;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    private String place(String customer, String sku, int quantity) throws Exception {
        String orderId = "D-" + customer + "-" + suffix;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + ports.get("orders") + "/orders")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"customer\":\""
                        + customer + "\",\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                        + ",\"amountCents\":1000}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return orderId;
    }

    private void awaitStatus(String orderId, String status) {
        await(orderId + " " + status).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/orders/" + orderId).body()).contains("\"status\":\"" + status + "\""));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get("orders") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Set<String> rows(String service, String selectWithoutSelect) throws Exception {
        Set<String> rows = new TreeSet<>();
        try (Connection c = DriverManager.getConnection(RequiresPostgresAndRabbitMq.POSTGRES_URL, "postgres", "");
             Statement statement = c.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + selectWithoutSelect.replace("FROM ", "FROM "
                     + schemaPrefix + service + "."))) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            process.onExit().get();
        }
        try (Connection c = DriverManager.getConnection(RequiresPostgresAndRabbitMq.POSTGRES_URL, "postgres", "");
             Statement statement = c.createStatement()) {
            for (String service : SERVICES) {
                statement.execute("DROP SCHEMA IF EXISTS " + schemaPrefix + service + " CASCADE");
            }
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        try (com.rabbitmq.client.Connection connection = factory.newConnection();
             Channel channel = connection.createChannel()) {
            for (String queue : List.of("commands.inventory.default", "commands.payment.default",
                    "replies.orders.default", "events.order-events.notification")) {
                channel.queueDelete(rabbitPrefix + "." + queue);
                channel.queueDelete(rabbitPrefix + "." + queue + ".dlq");
            }
            for (String exchange : List.of("commands", "replies", "events", "dlx")) {
                channel.exchangeDelete(rabbitPrefix + "." + exchange);
            }
        }
    }
}

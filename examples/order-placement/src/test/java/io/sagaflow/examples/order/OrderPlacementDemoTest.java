package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The example as the README's command runs it: embedded mode, the seeded demo, and the REST API. */
class OrderPlacementDemoTest {
    @TempDir
    static Path data;
    private static ConfigurableApplicationContext app;
    private static String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = SpringApplication.run(OrderPlacementApplication.class, "--server.port=0",
                "--demo.data-dir=" + data.resolve("run"));
        base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void completesGoodOrdersAndCompensatesDeclinedAndOutOfStockOnes() {
        OrderPlacementDemo.Result result = app.getBean(OrderPlacementDemo.class).result();

        assertThat(result).isNotNull();
        Map<String, SagaStatus> byOrder = result.sagas().stream().collect(Collectors.toMap(
                s -> s.data(OrderData.class).orderId(), SagaInstance::status));
        Set<String> completed = byOrder.entrySet().stream().filter(e -> e.getValue() == SagaStatus.COMPLETED)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        // Book orders of good customers always go through; mallory's card is always declined.
        assertThat(byOrder).containsEntry("A-1", SagaStatus.COMPLETED).containsEntry("A-7", SagaStatus.COMPLETED)
                .containsEntry("A-3", SagaStatus.COMPENSATED).containsEntry("A-6", SagaStatus.COMPENSATED);
        // Orders run concurrently, for two lamps. Mallory's lamp order may hold one until her card is declined
        // and the lamp released: so one or two of the three other lamp orders get a lamp, whichever came first, and
        // the others found none left.
        Set<String> lampsSold = Set.of("A-2", "A-4", "A-5").stream().filter(completed::contains)
                .collect(Collectors.toSet());
        assertThat(lampsSold).hasSizeBetween(1, 2);
        Map<String, String> reasons = result.sagas().stream().filter(s -> s.failureReason() != null)
                .collect(Collectors.toMap(s -> s.data(OrderData.class).orderId(), SagaInstance::failureReason));
        assertThat(Set.of("A-2", "A-4", "A-5")).filteredOn(order -> !lampsSold.contains(order))
                .allSatisfy(order -> assertThat(reasons.get(order)).contains("out of stock: lamp has 0"));
        assertThat(byOrder.values()).doesNotContain(SagaStatus.FAILED, SagaStatus.RUNNING);
        // Ledgers balance, each in its own service's database: exactly the completed orders hold stock, were
        // charged and were notified.
        assertThat(result.stock()).containsEntry("book", 6).containsEntry("lamp", 2 - lampsSold.size());
        assertThat(result.reserved()).isEqualTo(completed);
        assertThat(result.charged().keySet()).isEqualTo(completed);
        assertThat(result.notified()).isEqualTo(completed);
        assertThat(result.sagas().stream().filter(s -> s.data(OrderData.class).orderId().equals("A-3")).findFirst()
                .orElseThrow().compensatedSteps()).containsExactly("reserve-inventory");
    }

    @Test
    void placesAnOrderThroughTheRestApiAndShowsItsHistory() throws Exception {
        HttpResponse<String> placed = post("{\"orderId\":\"R-1\",\"customer\":\"zoe\",\"sku\":\"book\","
                + "\"quantity\":1,\"amountCents\":1500}");
        assertThat(placed.statusCode()).isEqualTo(202);
        assertThat(placed.body()).contains("\"orderId\":\"R-1\"").contains("\"sagaId\":\"");
        assertThat(placed.headers().firstValue("Location")).hasValue("/orders/R-1");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/orders/R-1").body()).contains("\"status\":\"COMPLETED\""));
        assertThat(get("/orders/R-1").body()).contains("reserve-inventory #1 SUCCEEDED")
                .contains("charge-payment #1 SUCCEEDED").contains("SAGA_COMPLETED");
        // Placing it again (a client's retry) starts nothing new.
        HttpResponse<String> again = post("{\"orderId\":\"R-1\",\"customer\":\"zoe\",\"sku\":\"book\","
                + "\"quantity\":1,\"amountCents\":1500}");
        assertThat(again.body()).isEqualTo(placed.body());
        assertThat(app.getBean(PaymentService.class).charges()).containsEntry("R-1", 1_500L);
    }

    @Test
    void showsTheReasonOfACompensatedOrder() throws Exception {
        HttpResponse<String> placed = post("{\"orderId\":\"R-2\",\"customer\":\"mallory\",\"sku\":\"book\","
                + "\"quantity\":1,\"amountCents\":1500}");
        assertThat(placed.statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/orders/R-2").body()).contains("\"status\":\"COMPENSATED\"")
                        .contains("card declined for mallory"));
    }

    @Test
    void answersNotFoundAndBadRequest() throws Exception {
        assertThat(get("/orders/nope").statusCode()).isEqualTo(404);
        assertThat(post("{\"customer\":\"zoe\",\"sku\":\"book\",\"quantity\":0,\"amountCents\":1}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void mainReturnsAfterTheSeededDemoWhenAsked() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> OrderPlacementApplication.main(new String[] {
                    "--server.port=0", "--demo.exit-after-seed=true", "--demo.data-dir=" + data.resolve("main")}));
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("order A-3  mallory  COMPENSATED because step 'charge-payment' rejected: card declined")
                .contains("compensated: reserve-inventory")
                // One or two of the good lamp orders get a lamp, as in the test above: 3 or 4 complete, none fails.
                .containsPattern("(3 completed, 4|4 completed, 3) compensated, 0 failed")
                .contains("curl -s -X POST http://localhost:");
    }

    private HttpResponse<String> post(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/orders")).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

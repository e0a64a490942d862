package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example's own dashboard in Debian's headless Chromium: the seeded orders are listed, an order placed through
 * the REST API appears and completes without a reload, and a compensated order shows its timeline. (Retrying and
 * aborting a FAILED saga from the page is driven in saga-spring-starter's DashboardBrowserTest.)
 */
class ExampleDashboardBrowserTest {
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path data;
    private static ConfigurableApplicationContext app;
    private static String base;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String message = "Chromium or ChromeDriver is missing: install them with .ci/install-chromium";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        app = SpringApplication.run(OrderPlacementApplication.class, "--server.port=0",
                "--demo.data-dir=" + data.resolve("run"));
        base = "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1600,1400", "--user-data-dir=" + data.resolve("chromium").toAbsolutePath());
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void showsTheExamplesSagasLiveWithTimelines() throws Exception {
        browser.get(base + "/sagaflow");
        await().atMost(PATIENCE).until(() -> text("live-status").equals("live"));
        browser.executeScript("window.loadedOnce = 'yes'");
        await().atMost(PATIENCE).ignoreExceptions().until(() ->
                !browser.findElements(By.cssSelector("#sagas tr[data-status='COMPENSATED']")).isEmpty()
                        && !browser.findElements(By.cssSelector("#sagas tr[data-status='COMPLETED']")).isEmpty());

        HttpResponse<String> placed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"UI-1\",\"customer\":\"zoe\",\"sku\":\"book\","
                        + "\"quantity\":1,\"amountCents\":1500}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).isEqualTo(202);
        String sagaId = placed.body().replaceAll(".*\"sagaId\":\"([^\"]+)\".*", "$1");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(By.cssSelector(
                "#sagas tr[data-saga-id='" + sagaId + "'][data-status='COMPLETED']")) != null);
        assertThat(browser.executeScript("return window.loadedOnce")).isEqualTo("yes");

        String declined = app.getBean(OrderPlacementDemo.class).result().sagas().stream()
                .filter(s -> s.data(OrderData.class).orderId().equals("A-3")).findFirst().orElseThrow().id().value();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            browser.findElement(By.cssSelector("#sagas tr[data-saga-id='" + declined + "']")).click();
            return text("detail-id").equals(declined);
        });
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(timeline())
                .contains("charge-payment REJECTED", "reserve-inventory SUCCEEDED compensation"));
        assertThat(text("detail-status")).isEqualTo("COMPENSATED");
        assertThat(text("detail-reason")).contains("card declined for mallory");

        Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(screenshot, Path.of("target", "example-dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(Path.of("target", "example-dashboard.png"))).isGreaterThan(10_000);
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static List<String> timeline() {
        return browser.findElements(By.cssSelector("#timeline tbody tr")).stream()
                .filter(tr -> !tr.getAttribute("data-step").isEmpty())
                .map(tr -> tr.getAttribute("data-step") + " " + tr.getAttribute("data-outcome")
                        + (tr.getAttribute("class").contains("compensation") ? " compensation" : ""))
                .toList();
    }
}

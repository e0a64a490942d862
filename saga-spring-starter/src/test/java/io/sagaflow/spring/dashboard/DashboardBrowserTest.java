package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Drives the dashboard in a real headless Chromium: logs in through the application's own Spring Security form,
 * watches orders complete and compensate live, and retries a FAILED one through the confirm dialog.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sagaflow.dashboard.enabled=true")
@ExtendWith(HeadlessChromium.class)
class DashboardBrowserTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    SagaEngine engine;
    @Autowired
    OrderShop shop;

    private Path profile;
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        profile = HeadlessChromium.newProfile();
        browser = HeadlessChromium.start(profile);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        shop.fixRelease();
        browser.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void showsSagasLiveWithTheirTimelineAndRetriesAFailedOneAfterConfirmation() throws IOException {
        logIn();
        browser.get(url("/sagaflow"));
        await().atMost(PATIENCE).until(() -> text("live-status").equals("live"));
        // Survives only if the page is never reloaded: everything below arrives over the event stream.
        browser.executeScript("window.loadedOnce = 'yes'");

        List<SagaId> completed = Stream.of("alice", "bob", "carol", "dave", "erin")
                .map(customer -> place(customer, customer + "-" + unique())).toList();
        for (SagaId id : completed) {
            awaitRow(id, SagaStatus.COMPLETED);
        }

        // Business keys and reasons come from other services: the page shows them as text, never as HTML.
        String hostileKey = "<img src=x onerror=\"window.injected=1\">-" + unique();
        SagaId hostile = place("trudy", hostileKey);
        awaitRow(hostile, SagaStatus.COMPLETED);
        assertThat(browser.findElement(row(hostile, SagaStatus.COMPLETED)).getText()).contains(hostileKey);
        assertThat(browser.executeScript("return window.injected === undefined")).isEqualTo(true);

        SagaId declined = place(OrderShop.DECLINED, "declined-" + unique());
        clickRow(declined, SagaStatus.COMPENSATED);
        await().atMost(PATIENCE).until(() -> text("detail-status").equals("COMPENSATED")
                && text("detail-id").equals(declined.value()));
        awaitTimeline("charge-payment #1 REJECTED", "reserve-inventory #1 SUCCEEDED compensation");
        assertThat(browser.findElement(By.id("actions")).isDisplayed()).isFalse();

        shop.breakRelease();
        SagaId stuck = place(OrderShop.DECLINED, "stuck-" + unique());
        clickRow(stuck, SagaStatus.FAILED);
        await().atMost(PATIENCE).until(() -> text("detail-status").equals("FAILED")
                && text("detail-id").equals(stuck.value()));
        assertThat(text("detail-reason")).contains("inventory database unreachable");
        shop.fixRelease();
        browser.findElement(By.id("retry-button")).click();
        var confirm = browser.switchTo().alert();
        assertThat(confirm.getText()).isEqualTo("Retry saga " + stuck + " from the step where it stopped?");
        confirm.accept();

        await().atMost(PATIENCE).until(() -> text("detail-status").equals("COMPENSATED"));
        awaitRow(stuck, SagaStatus.COMPENSATED);
        assertThat(engine.find(stuck).orElseThrow().status()).isEqualTo(SagaStatus.COMPENSATED);
        awaitTimeline("MANUAL_RETRY", "reserve-inventory #1 ERROR compensation",
                "reserve-inventory #1 SUCCEEDED compensation", "SAGA_COMPENSATED");
        assertThat(browser.executeScript("return window.loadedOnce")).isEqualTo("yes");
        await().atMost(PATIENCE).until(() -> !"0".equals(browser.findElement(By.id("diagram"))
                .getAttribute("naturalWidth")));

        long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1600, (int) Math.min(height + 200, 2400)));
        Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(screenshot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(Path.of("target", "dashboard.png"))).isGreaterThan(10_000);
    }

    @Test
    void abortsAFailedSagaOnlyOnceTheOperatorConfirms() {
        logIn();
        browser.get(url("/sagaflow"));
        await().atMost(PATIENCE).until(() -> text("live-status").equals("live"));
        shop.breakRelease();
        SagaId stuck = place(OrderShop.DECLINED, "abort-" + unique());
        clickRow(stuck, SagaStatus.FAILED);
        await().atMost(PATIENCE).until(() -> text("detail-status").equals("FAILED")
                && text("detail-id").equals(stuck.value()));
        shop.fixRelease();

        browser.findElement(By.id("abort-reason")).sendKeys("stock counted by hand");
        browser.findElement(By.id("abort-button")).click();
        browser.switchTo().alert().dismiss();
        assertThat(engine.find(stuck).orElseThrow().status()).isEqualTo(SagaStatus.FAILED);
        browser.findElement(By.id("abort-button")).click();
        var confirm = browser.switchTo().alert();
        assertThat(confirm.getText()).isEqualTo("Abort saga " + stuck + " and compensate its completed steps?");
        confirm.accept();

        await().atMost(PATIENCE).until(() -> text("detail-status").equals("COMPENSATED"));
        // The compensation that failed counts as done by the operator: no second ReleaseStock is sent.
        awaitTimeline("SAGA_FAILED", "MANUAL_ABORT", "SAGA_COMPENSATED");
        assertThat(timelineRows()).doesNotContain("reserve-inventory #1 SUCCEEDED compensation");
        assertThat(shop.reserved).contains("o-" + engine.find(stuck).orElseThrow().businessKey());
        assertThat(engine.find(stuck).orElseThrow().history()).anySatisfy(h -> assertThat(h.detail())
                .isEqualTo("stock counted by hand (by user '" + DashboardTestApplication.USER + "')"));
    }

    private void logIn() {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys(DashboardTestApplication.USER);
        browser.findElement(By.id("password")).sendKeys(DashboardTestApplication.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(PATIENCE).until(() -> !browser.getCurrentUrl().contains("/login"));
    }

    private SagaId place(String customer, String key) {
        return engine.startSaga(OrderShop.PLACE_ORDER, OrderShop.Order.of("o-" + key, customer), key);
    }

    private void awaitRow(SagaId id, SagaStatus status) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.findElement(row(id, status)), e -> e != null);
    }

    /** Clicks again when a live update replaced the row between finding and clicking it. */
    private void clickRow(SagaId id, SagaStatus status) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            browser.findElement(row(id, status)).click();
            return true;
        });
    }

    private static By row(SagaId id, SagaStatus status) {
        return By.cssSelector("#sagas tr[data-saga-id='" + id + "'][data-status='" + status + "']");
    }

    /** Waits out a live update that replaces the timeline while it is read. */
    private void awaitTimeline(String... rows) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(timelineRows()).contains(rows));
    }

    /** Each timeline row as "step #attempt OUTCOME [compensation]", saga rows as their event. */
    private List<String> timelineRows() {
        return browser.findElements(By.cssSelector("#timeline tbody tr")).stream()
                .map(tr -> tr.getAttribute("data-step").isEmpty() ? tr.getAttribute("data-outcome")
                        : tr.getAttribute("data-step") + " " + tr.findElements(By.tagName("td")).get(2).getText()
                        + " " + tr.getAttribute("data-outcome")
                        + (tr.getAttribute("class").contains("compensation") ? " compensation" : ""))
                .toList();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

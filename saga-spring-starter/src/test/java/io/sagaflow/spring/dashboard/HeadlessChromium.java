package io.sagaflow.spring.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver for browser tests, never a downloaded one: Selenium Manager is bypassed by
 * naming both binaries. As an extension, fails the test class under {@code CI=true} when they are missing and
 * skips it elsewhere, saying how to install them.
 */
final class HeadlessChromium implements BeforeAllCallback {
    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Override
    public void beforeAll(ExtensionContext context) {
        requireInstalled(BROWSER, DRIVER, System.getenv("CI"));
    }

    /**
     * @param ci the value of the {@code CI} environment variable, or null
     * @throws org.opentest4j.AssertionFailedError when a binary is missing and {@code ci} is "true"
     * @throws org.opentest4j.TestAbortedException when a binary is missing otherwise
     */
    static void requireInstalled(Path browser, Path driver, @Nullable String ci) {
        if (Files.isExecutable(browser) && Files.isExecutable(driver)) {
            return;
        }
        String message = "Chromium or ChromeDriver is missing (" + browser + ", " + driver
                + "): install them with .ci/install-chromium (apt-get install -y chromium chromium-driver)";
        if ("true".equals(ci)) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /**
     * @param profile an empty directory for the browser's profile
     * @return a headless browser with a 1600x1000 window
     */
    static ChromeDriver start(Path profile) {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1600,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    static Path newProfile() {
        try {
            return Files.createTempDirectory("sagaflow-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("creating a Chromium profile directory", e);
        }
    }
}

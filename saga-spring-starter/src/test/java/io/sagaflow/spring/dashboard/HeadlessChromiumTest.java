package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class HeadlessChromiumTest {
    private static final Path MISSING = Path.of("/nonexistent/chromium");

    @Test
    void failsUnderCiWhenChromiumIsMissingSayingHowToInstallIt() {
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(MISSING, HeadlessChromium.DRIVER, "true"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining(".ci/install-chromium");
    }

    @Test
    void skipsElsewhereWhenChromiumIsMissing() {
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(MISSING, HeadlessChromium.DRIVER, null))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("/nonexistent/chromium");
    }

    @Test
    void passesWhenBothBinariesAreExecutable() {
        Path shell = Path.of("/bin/sh");
        assertThatCode(() -> HeadlessChromium.requireInstalled(shell, shell, "true")).doesNotThrowAnyException();
    }
}

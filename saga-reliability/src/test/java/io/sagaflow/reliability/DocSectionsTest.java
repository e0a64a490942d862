package io.sagaflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocSectionsTest {

    @Test
    void replacesOnlyTheNamedSection(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# T\n<!-- chaos:begin -->\nold\n<!-- chaos:end -->\n<!-- soak:begin -->\nkeep\n"
                + "<!-- soak:end -->\n");

        DocSections.replace(page, "chaos", "| new | figures |\n");

        assertThat(Files.readString(page)).isEqualTo("# T\n<!-- chaos:begin -->\n| new | figures |\n"
                + "<!-- chaos:end -->\n<!-- soak:begin -->\nkeep\n<!-- soak:end -->\n");
    }

    @Test
    void refusesAPageWithoutTheSection(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, "# nothing here\n");

        assertThatThrownBy(() -> DocSections.replace(page, "chaos", "x")).isInstanceOf(HarnessException.class)
                .hasMessageContaining("chaos:begin");
    }
}

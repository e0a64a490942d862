package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.SagaDiagram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps docs/dashboard.md honest: its Mermaid diagram is generated, its Java snippets are the tested code. */
class DashboardDocTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern QUOTE = Pattern.compile(
            "<!-- from: ([^#]+)#(\\w+) -->\\n```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void mermaidBlockIsWhatSagaDiagramGeneratesForTheOrderPlacementSaga() throws IOException {
        Matcher block = Pattern.compile("```mermaid\\n(.*?)```", Pattern.DOTALL).matcher(page());

        assertThat(block.find()).as("a mermaid block in docs/dashboard.md").isTrue();
        assertThat(block.group(1)).isEqualTo(SagaDiagram.mermaid(OrderShop.PLACE_ORDER));
    }

    @Test
    void javaSnippetsQuoteTheTaggedRegionsOfTheTestedSources() throws IOException {
        Matcher quote = QUOTE.matcher(page());
        int quotes = 0;
        while (quote.find()) {
            quotes++;
            String source = Files.readString(ROOT.resolve(quote.group(1)));
            String tag = quote.group(2);
            int start = source.indexOf("// tag::" + tag + "[]\n");
            int end = source.indexOf("    // end::" + tag + "[]");
            assertThat(start).as("tag %s in %s", tag, quote.group(1)).isNotNegative();
            assertThat(quote.group(3)).as("snippet %s", tag)
                    .isEqualTo(source.substring(source.indexOf('\n', start) + 1, end));
        }
        assertThat(quotes).isEqualTo(2);
    }

    @Test
    void screenshotIsInTheDocsImages() {
        assertThat(ROOT.resolve("docs/images/dashboard.png")).isRegularFile();
    }

    private static String page() throws IOException {
        return Files.readString(ROOT.resolve("docs/dashboard.md"));
    }
}

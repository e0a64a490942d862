package io.sagaflow.test.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/testing.md quotes the tagged regions of this package's examples exactly, so the page runs as tests. */
class DocsInSyncTest {
    private static final Path DOC = Path.of("..", "docs", "testing.md");
    private static final Path EXAMPLES = Path.of("src", "test", "java", "io", "sagaflow", "test", "docs");
    private static final Pattern REGION = Pattern.compile("// tag::(\\w+)\\[]\\n(.*?)\\n[ \\t]*// end::\\1\\[]",
            Pattern.DOTALL);

    @Test
    void theTestingPageQuotesEveryTaggedRegionOfTheExamplesVerbatim() throws IOException {
        String doc = Files.readString(DOC);
        Map<String, String> regions = new LinkedHashMap<>();
        for (String file : new String[] {"Bank.java", "TransferSagaExample.java", "TransferExplorationExample.java",
                "TransferOnH2Example.java", "CountingStoreExample.java"}) {
            Matcher matcher = REGION.matcher(Files.readString(EXAMPLES.resolve(file)));
            while (matcher.find()) {
                regions.put(matcher.group(1), dedent(matcher.group(2)));
            }
        }

        assertThat(regions).containsOnlyKeys("world", "harness", "explore", "shadow", "environment", "forwarding");
        regions.forEach((tag, code) -> assertThat(doc).as("docs/testing.md quotes region '%s' as it is", tag)
                .contains("```java\n" + code + "\n```"));
    }

    private static String dedent(String code) {
        int indent = code.lines().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return code.lines().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}

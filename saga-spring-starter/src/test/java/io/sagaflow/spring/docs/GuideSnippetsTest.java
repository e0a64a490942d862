package io.sagaflow.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The guide quotes the example sources exactly, and the property reference lists every property. */
class GuideSnippetsTest {
    private static final Path DOCS = Path.of("..", "docs");
    private static final Path EXAMPLES = Path.of("src", "test", "java", "io", "sagaflow", "spring", "docs");
    private static final Pattern TAGGED = Pattern.compile("// tag::(\\w+)\\[]\\n(.*?)// end::\\1\\[]",
            Pattern.DOTALL);

    @Test
    void guideQuotesEveryTaggedRegionOfTheExample() throws IOException {
        String guide = Files.readString(DOCS.resolve("spring-boot.md"));
        List<String> quoted = new ArrayList<>();
        try (var files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Matcher region = TAGGED.matcher(Files.readString(file));
                while (region.find()) {
                    String code = region.group(2).stripTrailing();
                    assertThat(guide).as("docs/spring-boot.md quotes %s region %s", file.getFileName(),
                            region.group(1)).contains("```java\n" + code + "\n```");
                    quoted.add(region.group(1));
                }
            }
        }
        assertThat(quoted).contains("messages", "saga", "participant", "service", "application");
    }

    @Test
    void propertyReferenceListsEverySagaflowProperty() throws IOException {
        String reference = Files.readString(DOCS.resolve("configuration-properties.md"));
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode properties = JsonMapper.builder().build().readTree(in).get("properties");
            int listed = 0;
            for (JsonNode property : properties) {
                String name = property.get("name").asString();
                if (name.startsWith("sagaflow.")) {
                    assertThat(reference).as("configuration-properties.md lists %s", name)
                            .contains("| `" + name + "` |");
                    listed++;
                }
            }
            assertThat(listed).isGreaterThan(30);
        }
    }
}

package io.sagaflow.examples.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the documentation honest: every Java block in docs/ preceded by {@code <!-- from: path -->} must appear, line
 * for line, in the source file it names.
 */
class DocsSnippetsTest {
    private static final Pattern SNIPPET = Pattern.compile("<!-- from: (\\S+) -->\\s*```java\\n(.*?)```",
            Pattern.DOTALL);

    @Test
    void everyQuotedSnippetMatchesItsSource() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("docs")) && root.getParent() != null) {
            root = root.getParent();
        }
        List<String> checked = new ArrayList<>();
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                Matcher matcher = SNIPPET.matcher(Files.readString(doc));
                while (matcher.find()) {
                    // "path#region" names a tagged region of the file; its lines must still be in the file.
                    Path source = root.resolve(matcher.group(1).replaceFirst("#.*$", ""));
                    assertThat(source).as("%s quotes a file that does not exist", doc.getFileName()).exists();
                    String code = normalise(Files.readString(source));
                    String snippet = normalise(matcher.group(2));
                    assertThat(code).as("%s quotes %s, which no longer has this code", doc.getFileName(),
                            matcher.group(1)).contains(snippet);
                    checked.add(doc.getFileName() + " <- " + matcher.group(1));
                }
            }
        }
        assertThat(checked).as("snippets checked").isNotEmpty();
    }

    private static String normalise(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}

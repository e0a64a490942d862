package io.sagaflow.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces the generated part of a Markdown page: the text between {@code <!-- <name>:begin -->} and
 * {@code <!-- <name>:end -->}, so a run can refresh its figures in {@code docs/reliability.md}.
 */
final class DocSections {
    private DocSections() {
    }

    static void replace(Path page, String name, String markdown) {
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        try {
            String text = Files.readString(page, StandardCharsets.UTF_8);
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new HarnessException(page + " has no section " + begin + " ... " + end);
            }
            Files.writeString(page, text.substring(0, from + begin.length()) + "\n" + markdown.strip() + "\n"
                    + text.substring(to), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HarnessException("cannot update " + page, e);
        }
    }
}

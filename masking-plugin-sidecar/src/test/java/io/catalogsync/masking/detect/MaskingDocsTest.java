package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.token.TokenFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/masking.md} publishes the catalogue; this test renders it from {@link IdentifierType} and fails when
 * the file differs, so the documentation cannot drift from the code. To regenerate after changing the catalogue:
 * {@code mvn -o -pl masking-plugin-sidecar test -Dtest=MaskingDocsTest -Dmasking.docs.write=true}.
 */
class MaskingDocsTest {

    static final String BEGIN = "<!-- catalogue:begin (generated from IdentifierType by MaskingDocsTest; do not edit) -->";
    static final String END = "<!-- catalogue:end -->";

    @Test
    void docsHoldTheGeneratedCatalogueAndTheTokenFacts() throws IOException {
        Path docs = findDocs();
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("%s has the line %s", docs, BEGIN).isNotNegative();
        assertThat(end).as("%s has the line %s", docs, END).isGreaterThan(begin);

        String generated = BEGIN + "\n" + renderCatalogue() + END;
        String current = text.substring(begin, end + END.length());
        if (!current.equals(generated) && Boolean.getBoolean("masking.docs.write")) {
            Files.writeString(docs, text.substring(0, begin) + generated + text.substring(end + END.length()), StandardCharsets.UTF_8);
            current = generated;
        }
        assertThat(current).as("catalogue in %s; regenerate with -Dmasking.docs.write=true", docs).isEqualTo(generated);

        assertThat(text).contains("`MAX_TOKEN_LENGTH` is " + TokenFormat.MAX_TOKEN_LENGTH + " characters");
        assertThat(text).contains("`" + TokenFormat.TOKEN.pattern() + "`");
        assertThat(text).contains("## The Kong hook and the sidecar API");
    }

    static String renderCatalogue() {
        StringBuilder out = new StringBuilder();
        out.append("| Label | What | Matched | Example | Not matched (false positives guarded against) |\n");
        out.append("|---|---|---|---|---|\n");
        for (IdentifierType type : IdentifierType.values()) {
            String example = code(type.example());
            if (!type.example().equals(type.exampleMatch())) {
                example += " masks " + code(type.exampleMatch());
            }
            StringBuilder nearMisses = new StringBuilder();
            for (String nearMiss : type.falsePositives()) {
                if (nearMisses.length() > 0) {
                    nearMisses.append(", ");
                }
                nearMisses.append(code(nearMiss));
            }
            out.append("| `").append(type.label()).append("` | ").append(cell(type.description())).append(" | ")
                    .append(cell(type.pattern())).append(" | ").append(example).append(" | ").append(nearMisses).append(" |\n");
        }
        out.append("\n").append(IdentifierType.values().length).append(" types.\n");
        return out.toString();
    }

    /** A table cell: pipes would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /** Inline code that survives backticks inside (double fence) and pipes (escaped). */
    private static String code(String text) {
        String fence = text.contains("`") ? "``" : "`";
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return fence + pad + cell(text) + pad + fence;
    }

    private static Path findDocs() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            Path candidate = at.resolve("docs").resolve("masking.md");
            if (Files.exists(at.resolve("pom.xml")) && Files.isDirectory(at.resolve("masking-plugin-sidecar")) && Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/masking.md not found above " + dir);
    }
}

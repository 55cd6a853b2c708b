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
    static final String PREFIXES_BEGIN = "<!-- prefixes:begin (generated from PrefixedIds.ALL by MaskingDocsTest; do not edit) -->";
    static final String PREFIXES_END = "<!-- prefixes:end -->";

    @Test
    void docsHoldTheGeneratedCatalogueAndTheTokenFacts() throws IOException {
        Path docs = findDocs();
        String text = Files.readString(docs, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("%s has the line %s", docs, BEGIN).isNotNegative();
        assertThat(end).as("%s has the line %s", docs, END).isGreaterThan(begin);

        text = checkGenerated(docs, text, BEGIN, END, renderCatalogue());
        text = checkGenerated(docs, text, PREFIXES_BEGIN, PREFIXES_END, renderPrefixes());

        assertThat(text).contains("`MAX_TOKEN_LENGTH` is " + TokenFormat.MAX_TOKEN_LENGTH + " characters");
        assertThat(text).contains("`" + TokenFormat.TOKEN.pattern() + "`");
        assertThat(text).contains("## The Kong hook and the sidecar API");
    }

    /** The text between {@code begin} and {@code end} must be {@code body}; rewritten when asked to. */
    private static String checkGenerated(Path docs, String text, String begin, String end, String body) throws IOException {
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        assertThat(from).as("%s has the line %s", docs, begin).isNotNegative();
        assertThat(to).as("%s has the line %s", docs, end).isGreaterThan(from);
        String generated = begin + "\n" + body + end;
        String current = text.substring(from, to + end.length());
        if (!current.equals(generated) && Boolean.getBoolean("masking.docs.write")) {
            text = text.substring(0, from) + generated + text.substring(to + end.length());
            Files.writeString(docs, text, StandardCharsets.UTF_8);
            current = generated;
        }
        assertThat(current).as("%s in %s; regenerate with -Dmasking.docs.write=true", begin, docs).isEqualTo(generated);
        return text;
    }

    /** Every resource-id prefix, with its type, lengths and an example (each example is checked by CatalogueTest). */
    static String renderPrefixes() {
        StringBuilder out = new StringBuilder();
        out.append("| Prefix | Resource | Label | Hex digits | Example |\n");
        out.append("|---|---|---|---|---|\n");
        for (PrefixedIds.Prefix prefix : PrefixedIds.ALL) {
            StringBuilder lengths = new StringBuilder();
            for (int length : prefix.lengths()) {
                lengths.append(lengths.length() > 0 ? " or " : "").append(length);
            }
            out.append("| `").append(prefix.literal()).append("` | ").append(cell(prefix.what())).append(" | `")
                    .append(prefix.type().label()).append("` | ").append(lengths).append(" | ").append(code(prefix.example())).append(" |\n");
        }
        out.append("\n").append(PrefixedIds.ALL.size()).append(" prefixes.\n");
        return out.toString();
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

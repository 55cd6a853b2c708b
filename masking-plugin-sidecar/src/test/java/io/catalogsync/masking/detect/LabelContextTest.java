package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link AwsIdentifierScanner#labelMayGiveContext} is the pre-filter that lets the masking service scan a JSON value
 * without its field name in front. It must never answer "no" for a name that, written in front of the value as the
 * service does ({@code name + ": " + value}, detections inside the value kept, the value scanned alone when one
 * straddles), finds an identifier the value alone does not give. Checked on generated names (every label word of
 * every context, in every spelling, mixed with ordinary words, access key ids, digits and separators) against
 * generated values, and on the corpus's lines and JSON fields.
 */
class LabelContextTest {

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();

    /** The service's scan of a value with its field name in front (MaskingService.detect without the pre-filter). */
    private List<Detection> withLabel(String label, String text) {
        int offset = label.length() + 2;
        List<Detection> inText = new ArrayList<>();
        for (Detection d : scanner.scanOnce(label + ": " + text)) {
            if (d.start() >= offset) {
                inText.add(new Detection(d.start() - offset, d.end() - offset, d.type()));
            } else if (d.end() > offset) {
                return scanner.scanOnce(text);
            }
        }
        return inText;
    }

    private static final String[] ORDINARY = {"tool", "use", "id", "name", "text", "role", "content", "value", "number",
        "the", "of", "data", "input", "query", "type", "status", "Id", "Arn", "Name", "is", "no", "for", "a", "key", "keys",
        "Key", "secret", "token", "region", "user", "bucket", "instance"};
    private static final String[] ODD = {"AKIA", "ASIA", "akia", "AKIAIOSFODNN7EXAMPLE", "ASIAJEXAMPLEXEG2JICEA", "-", "_",
        "2", "123456789012", ":", " ", "|", "\n", "\\", "\\n", "%", "%3A", ".", "/", "key/", "账户", "アカウント", "\u00a0",
        "arn:aws:iam::123456789012:", "| account |\n|---|\n", "+", "#", "AKIAABCDEFGHIJKLMNOP", "ASIAQRSTUVWXYZABCDEF",
        "-x", "x\n|", "\n|", "|"};
    private static final String[] VALUES = {"123456789012", "1234-5678-9012", "1234abcd-12ab-34cd-56ef-1234567890ab",
        "Z1D633PJN98FT9", "E2QWRUHAPOMQZL", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AKIAIOSFODNN7EXAMPLE",
        "ASIAJEXAMPLEXEG2JICEA", "IQoJb3JpZ2luX2VjEJr" + "A".repeat(100) + "Zz9+/w==", "arn:aws:iam::123456789012:root",
        "i-0123456789abcdef0", "10.0.0.1", "2 123456789012 eni-0123456789abcdef0 10.0.0.1 10.0.0.2 443 49152 6 1 40 "
        + "1620000000 1620000060 ACCEPT OK", "| 123456789012 |", "s3://my-bucket-01/x",
        "Id | Account |\n|---|---|\n| x | 123456789012 |"};
    private static final String[] BETWEEN = {"", "", " ", ", ", "\n", "\"", "[", "id ", "is ", "the ", "number ", "-", "_",
        "\\n", "\u00a0", "| ", " |", ": ", "=", "x", "ID"};

    @Test
    void noNameTheFilterLetsThroughFindsAnythingInGeneratedValues() {
        Random random = new Random(20261206L);
        List<String> labelWords = Context.labelWords();
        assertThat(labelWords).contains("account", "ownerid", "kms", "zone", "secretaccesskey", "账户");
        int mattered = 0;
        int skipped = 0;
        for (int round = 0; round < 60_000; round++) {
            String label = label(random, labelWords);
            String text = text(random);
            List<Detection> alone = scanner.scanOnce(text);
            List<Detection> labelled = withLabel(label, text);
            boolean gained = !alone.containsAll(labelled);
            if (gained) {
                mattered++;
            }
            if (!scanner.labelMayGiveContext(label)) {
                skipped++;
                assertThat(alone).as("label %s before %s", show(label), show(text)).containsAll(labelled);
            }
        }
        // Not vacuous: names did give context often, and the filter let many names through.
        assertThat(mattered).isGreaterThan(1_000);
        assertThat(skipped).isGreaterThan(10_000);
    }

    @Test
    void everyLabelWordInEverySpellingKeepsItsName() {
        for (String word : Context.labelWords()) {
            for (String spelling : spellings(word)) {
                assertThat(scanner.labelMayGiveContext(spelling)).as(spelling).isTrue();
                assertThat(scanner.labelMayGiveContext("x_" + spelling + "_y")).as(spelling).isTrue();
            }
        }
        // The names of an Anthropic request are no labels: their values are scanned alone.
        for (String name : List.of("role", "type", "text", "content", "model", "system", "tool_use_id", "name", "id",
                "media_type", "stop_reason", "description", "input_schema", "metadata", "url", "data", "prompt")) {
            assertThat(scanner.labelMayGiveContext(name)).as(name).isFalse();
        }
    }

    @Test
    void noCorpusNameOrLineFindsMoreWithANameTheFilterLetsThrough() throws IOException {
        JsonNode corpus;
        try (InputStream in = LabelContextTest.class.getResourceAsStream("/masking/corpus.json")) {
            corpus = new ObjectMapper().readTree(in);
        }
        List<String> values = new ArrayList<>();
        List<String[]> fields = new ArrayList<>();
        for (JsonNode entry : corpus) {
            List<String> texts = new ArrayList<>();
            if (entry.has("texts")) {
                entry.get("texts").forEach(t -> texts.add(t.asText()));
            } else {
                texts.add(entry.get("text").asText());
            }
            for (String text : texts) {
                for (String line : text.split("\n")) {
                    values.add(line.strip());
                }
                try {
                    collect(new ObjectMapper().readTree(text), null, fields);
                } catch (IOException notJson) {
                    // most corpus texts are not JSON
                }
            }
        }
        Random random = new Random(7);
        List<String> labelWords = Context.labelWords();
        int compared = 0;
        for (String[] field : fields) {
            compared += check(field[0], field[1]);
        }
        for (String value : values) {
            for (int k = 0; k < 24; k++) {
                compared += check(label(random, labelWords), value);
            }
        }
        assertThat(fields).hasSizeGreaterThan(50);
        assertThat(compared).isGreaterThan(1_000);
    }

    private int check(String label, String text) {
        if (label == null || label.isEmpty() || label.length() > 48 || text.length() > 256
                || scanner.labelMayGiveContext(label)) {
            return 0;
        }
        assertThat(scanner.scanOnce(text)).as("label %s before %s", show(label), show(text))
                .containsAll(withLabel(label, text));
        return 1;
    }

    private static void collect(JsonNode node, String field, List<String[]> out) {
        if (node.isTextual()) {
            out.add(new String[] {field, node.textValue()});
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                collect(e.getValue(), e.getKey(), out);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, field, out));
        }
    }

    private static String label(Random random, List<String> labelWords) {
        StringBuilder label = new StringBuilder();
        int parts = 1 + random.nextInt(3);
        for (int k = 0; k < parts; k++) {
            if (k > 0 && random.nextInt(3) == 0) {
                label.append(random.nextBoolean() ? '_' : '-');
            }
            int kind = random.nextInt(10);
            if (kind < 3) {
                List<String> spellings = spellings(labelWords.get(random.nextInt(labelWords.size())));
                label.append(spellings.get(random.nextInt(spellings.size())));
            } else if (kind < 8) {
                label.append(ORDINARY[random.nextInt(ORDINARY.length)]);
            } else {
                label.append(ODD[random.nextInt(ODD.length)]);
            }
        }
        return label.toString();
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder(BETWEEN[random.nextInt(BETWEEN.length)]);
        int parts = 1 + random.nextInt(3);
        for (int k = 0; k < parts; k++) {
            text.append(VALUES[random.nextInt(VALUES.length)]);
            if (k + 1 < parts) {
                text.append(BETWEEN[random.nextInt(BETWEEN.length)]);
            }
        }
        return text.toString();
    }

    /** A label word as field names write it: lower, Upper, camelCase, snake_case, kebab-case, UPPER. */
    private static List<String> spellings(String word) {
        List<String> out = new ArrayList<>(List.of(word, word.toUpperCase(Locale.ROOT)));
        if (!word.isEmpty() && word.charAt(0) < 128) {
            out.add(Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        if (word.length() > 3) {
            int cut = word.length() / 2;
            out.add(word.substring(0, cut) + "_" + word.substring(cut));
            out.add(word.substring(0, cut) + "-" + word.substring(cut));
            out.add(word.substring(0, cut) + Character.toUpperCase(word.charAt(cut)) + word.substring(cut + 1));
        }
        return out;
    }

    private static String show(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }
}

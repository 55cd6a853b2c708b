package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Recall and false positives of the scanner on {@code masking/corpus.json}: realistic texts written from AWS's
 * documentation and public examples (CLI output, CloudTrail, Terraform, IAM policies, presigned URLs, logs,
 * console links, Chinese and Japanese text), each with the identifiers that must be masked ({@code mask}) and
 * strings that must reach the model intact ({@code keep}). An entry with {@code texts} is one body of several
 * text slots, scanned together with {@link AwsIdentifierScanner#scanAll}.
 *
 * <ul>
 *   <li>an identifier counts as masked when every occurrence of it lies inside a detection;</li>
 *   <li>a false positive is a detection that overlaps no occurrence of any identifier to mask;</li>
 *   <li>a keep string is broken when a false positive overlaps it.</li>
 * </ul>
 * The figures are printed (surefire's {@code CorpusRecallTest-output.txt}) and quoted in {@code docs/masking.md}.
 */
class CorpusRecallTest {

    /** Below these the test fails: the figures measured when the corpus was written, rounded down. */
    static final double MIN_RECALL = 0.99;
    static final int MAX_FALSE_POSITIVES = 0;

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();

    @Test
    void recallAndFalsePositivesOnTheCorpus() throws IOException {
        JsonNode corpus;
        try (InputStream in = CorpusRecallTest.class.getResourceAsStream("/masking/corpus.json")) {
            corpus = new ObjectMapper().readTree(in);
        }
        int identifiers = 0;
        int masked = 0;
        int detections = 0;
        int keeps = 0;
        List<String> missed = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (JsonNode entry : corpus) {
            String name = entry.get("name").asText();
            List<String> texts = new ArrayList<>();
            if (entry.has("texts")) {
                entry.get("texts").forEach(t -> texts.add(t.asText()));
            } else {
                texts.add(entry.get("text").asText());
            }
            List<List<Detection>> found = scanner.scanAll(texts);
            List<String> mask = strings(entry.get("mask"));
            for (String value : mask) {
                identifiers++;
                if (everyOccurrenceCovered(texts, found, value)) {
                    masked++;
                } else {
                    missed.add(name + ": " + value);
                }
            }
            List<Detection> unexpected = new ArrayList<>();
            for (int k = 0; k < texts.size(); k++) {
                String text = texts.get(k);
                for (Detection d : found.get(k)) {
                    detections++;
                    if (!overlapsAny(text, d, mask)) {
                        unexpected.add(d);
                        falsePositives.add(name + ": " + d.type() + "=" + d.value(text));
                    }
                }
            }
            for (String keep : strings(entry.get("keep"))) {
                keeps++;
                for (int k = 0; k < texts.size(); k++) {
                    String text = texts.get(k);
                    for (int at = text.indexOf(keep); at >= 0; at = text.indexOf(keep, at + 1)) {
                        for (Detection d : unexpected) {
                            if (found.get(k).contains(d) && d.start() < at + keep.length() && at < d.end()) {
                                broken.add(name + ": " + keep);
                            }
                        }
                    }
                }
            }
        }
        double recall = (double) masked / identifiers;
        System.out.printf(Locale.ROOT, "corpus: %d entries, %d identifiers to mask, %d strings to keep, %d detections%n",
                corpus.size(), identifiers, keeps, detections);
        System.out.printf(Locale.ROOT, "recall: %d/%d = %.1f%%; false positives: %d of %d detections; keep strings broken: %d of %d%n",
                masked, identifiers, 100 * recall, falsePositives.size(), detections, broken.size(), keeps);
        missed.forEach(m -> System.out.println("missed: " + m));
        falsePositives.forEach(f -> System.out.println("false positive: " + f));
        broken.forEach(b -> System.out.println("broken: " + b));

        assertThat(recall).as("recall; missed: %s", missed).isGreaterThanOrEqualTo(MIN_RECALL);
        assertThat(falsePositives).as("false positives").hasSizeLessThanOrEqualTo(MAX_FALSE_POSITIVES);
        assertThat(broken).as("keep strings broken").isEmpty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static boolean everyOccurrenceCovered(List<String> texts, List<List<Detection>> found, String value) {
        for (int k = 0; k < texts.size(); k++) {
            String text = texts.get(k);
            for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
                boolean covered = false;
                for (Detection d : found.get(k)) {
                    covered |= d.start() <= at && at + value.length() <= d.end();
                }
                if (!covered) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean overlapsAny(String text, Detection d, List<String> values) {
        for (String value : values) {
            for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
                if (d.start() < at + value.length() && at < d.end()) {
                    return true;
                }
            }
        }
        return false;
    }
}

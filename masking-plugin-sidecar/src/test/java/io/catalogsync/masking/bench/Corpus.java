package io.catalogsync.masking.bench;

import io.catalogsync.masking.detect.AwsIdentifierScanner;
import io.catalogsync.masking.detect.Detection;
import io.catalogsync.masking.detect.IdentifierType;
import java.util.List;
import java.util.Random;

/**
 * Deterministic texts for the masking benchmarks: text an assistant would exchange about infrastructure, with no
 * identifier at all ({@link #clean}) or with identifiers of every catalogue type planted densely ({@link #dense}),
 * and plain prose ({@link #prose}) for comparison.
 * Each text is checked against the scanner when built, so a benchmark never measures a corpus that is not what it
 * claims to be.
 */
final class Corpus {

    /**
     * Ordinary words, code and numbers, including the near misses the scanner has to look at and reject (version
     * numbers, clock times, "instance", "bucket", upper-case words): a clean text that only holds plain words
     * would flatter the scanner.
     */
    private static final String[] WORDS = {
        "the", "service", "deploys", "to", "a", "cluster", "and", "reads", "its", "configuration", "from", "the", "bucket",
        "instance", "database", "when", "request", "fails", "we", "retry", "with", "backoff", "please", "summarise",
        "logs", "below", "version", "1.2.3", "at", "10:30:00", "ERROR", "returned", "status", "503", "for", "order",
        "4521", "latency", "p99", "was", "42", "ms", "after", "upgrade", "of", "the", "load", "balancer", "feedback",
        "from", "users", "about", "timeouts", "in", "region", "is", "that", "gateway", "drops", "idle", "connections",
        "Kubernetes", "pod", "restarted", "3", "times", "memory", "limit", "512Mi", "CPU", "throttling", "std::vector",
        "x = y + 1;", "if (ok) { return; }", "https://example.com/docs?page=2", "user@example.com", "3.14159",
        "multi-region", "e-mail", "ip-address", "ec2-user", "subnet-mask", "Zookeeper", "E2E", "sha256", "deadbeef",
    };
    private static final String[] SEPARATORS = {" ", " ", " ", " ", " ", ", ", ". ", "\n", ": "};

    /** Plain prose: lowercase words and punctuation only, nothing that starts a candidate identifier. */
    private static final String[] PROSE = {
        "the", "team", "reviewed", "what", "happened", "during", "last", "night", "and", "agreed", "that", "we", "should",
        "improve", "how", "alerts", "reach", "people", "on", "call", "a", "short", "summary", "follows", "with", "steps",
        "everyone", "can", "take", "before", "next", "release", "please", "read", "it", "carefully", "ask", "questions",
        "in", "thread", "if", "something", "is", "unclear", "or", "missing", "from", "notes", "thanks", "for", "help",
    };

    private Corpus() {
    }

    /** About {@code length} characters of technical text in which the scanner finds nothing. */
    static String clean(int length, long seed) {
        return withoutIdentifiers(WORDS, length, seed);
    }

    /** About {@code length} characters of plain prose (no digits, no technical words). */
    static String prose(int length, long seed) {
        return withoutIdentifiers(PROSE, length, seed);
    }

    private static String withoutIdentifiers(String[] words, int length, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length + 64);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]).append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        String result = text.substring(0, length);
        List<Detection> found = AwsIdentifierScanner.create().scan(result);
        if (!found.isEmpty()) {
            throw new IllegalStateException("a corpus meant to hold no identifier holds some: " + found.subList(0, Math.min(5, found.size())));
        }
        return result;
    }

    /**
     * About {@code length} characters where every {@code gap} words (on average) an example of the next catalogue
     * type is planted, with its context. Returns the text; {@link #identifiers} counts what the scanner finds.
     */
    static String dense(int length, int gap, long seed) {
        Random random = new Random(seed);
        IdentifierType[] types = IdentifierType.values();
        StringBuilder text = new StringBuilder(length + 256);
        int next = 0;
        while (text.length() < length) {
            int words = 1 + random.nextInt(2 * gap);
            for (int i = 0; i < words; i++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            text.append(types[next++ % types.length].example()).append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
        }
        // Cut at a separator so the last identifier is not truncated into something else.
        int cut = text.lastIndexOf(" ", length);
        return text.substring(0, cut > 0 ? cut : text.length());
    }

    static int identifiers(String text) {
        return AwsIdentifierScanner.create().scan(text).size();
    }
}

package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.token.TokenMinter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated texts mixing identifiers of every type with ordinary text: every planted identifier is
 * found with its type and exact span, nothing is found in the filler (chosen to hold the words and numbers that
 * fooled the masker this project replaces), and the masked text scans clean.
 */
class DetectionPropertyTest {

    /** Filler: ordinary words, and near misses of every kind; none is preceded by a context word when planted. */
    private static final String[] FILLER = {
        "the", "instance", "bucket", "feedback", "blogs", "database", "catalogs", "dbadmin", "logs", "vpc", "subnet", "sg",
        "arn", "s3", "AKIA", "ASIAN", "ERROR", "E2E", "Zookeeper", "Z9", "version 1.2.3", "v2.0.1", "build 1.2.3.4.5",
        "at 10:30:00", "12:00", "2024-01-15T10:30:00Z", "order 123456789012", "ticket #4521", "+1 555 0100", "e-mail",
        "multi-region", "anti-aliasing", "ip-address", "ec2-user", "i-phone", "xvpc-0123abcd", "vpc-0123abcdzz",
        "vpc-0123456789abcdef", "sg-12345", "deadbeef", "0xdeadbeef", "std::vector", "Foo::bar()", "dead::beef",
        "00:1a:2b:3c:4d:5e", "::1", "0.0.0.0", "127.0.0.1", "255.255.255.0", "256.1.1.1", "01.2.3.4", "example.com",
        "user@example.com", "https://example.com/path?q=1", "rds.us-east-1.amazonaws.com", "sts.amazonaws.com",
        "s3.amazonaws.com", "elasticloadbalancing.eu-west-1.amazonaws.com", "cloudfront.net",
        "sha da39a3ee5e6b4b0d3255bfef95601890afd80709", "trace 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "learn:aws:sns", "arn:partition", "s3://ab", "1234-5678", "café", "naïve", "-", ",", "(see below)", "\"quoted\"",
        "[[AWS:", "a.b.c", "1.5", "3.14159", "42", "AIDAN", "ANPAANPA",
    };
    private static final String[] SEPARATORS = {" ", " ", " ", "  ", "\n", "\t", " | ", " ; "};
    private static final String[] AFTER_VALUE = {"", "", "", ".", ",", ")", ";"};

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();

    private record Expected(int start, int end, IdentifierType type) {
    }

    @Test
    void plantedIdentifiersAreFoundExactlyAndFillerNever() {
        Random random = new Random(20240515L);
        PlantedIdentifiers planted = new PlantedIdentifiers(random);
        IdentifierType[] types = IdentifierType.values();
        TokenMinter minter = new TokenMinter("property-test-hmac-key".getBytes(StandardCharsets.UTF_8));
        int identifiers = 0;
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder();
            List<Detection> expected = new ArrayList<>();
            int items = 1 + random.nextInt(25);
            for (int k = 0; k < items; k++) {
                if (k > 0) {
                    text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
                }
                if (random.nextInt(3) == 0) {
                    PlantedIdentifiers.Planted p = planted.next(types[random.nextInt(types.length)]);
                    int start = text.length() + p.before().length();
                    expected.add(new Detection(start, start + p.value().length(), p.type()));
                    text.append(p.text());
                    if (p.after().isEmpty()) {
                        text.append(AFTER_VALUE[random.nextInt(AFTER_VALUE.length)]);
                    }
                    identifiers++;
                } else {
                    text.append(FILLER[random.nextInt(FILLER.length)]);
                }
            }
            String input = text.toString();
            List<Detection> found = scanner.scan(input);
            assertThat(describe(input, found)).as("round %d: %s", round, input).isEqualTo(describe(input, expected));

            String masked = mask(input, found, minter);
            assertThat(scanner.scan(masked)).as("masked text %s", masked).isEmpty();
        }
        assertThat(identifiers).isGreaterThan(10_000);
    }

    @Test
    void everyTypeIsPlantedAndFoundOnItsOwn() {
        PlantedIdentifiers planted = new PlantedIdentifiers(new Random(7));
        for (IdentifierType type : IdentifierType.values()) {
            for (int k = 0; k < 300; k++) {
                PlantedIdentifiers.Planted p = planted.next(type);
                String text = p.text();
                List<Detection> found = scanner.scan(text);
                assertThat(describe(text, found)).as("%s in %s", type, text)
                        .containsExactly(type + "=" + p.value() + "@" + p.before().length());
            }
        }
    }

    private static List<String> describe(String text, List<Detection> detections) {
        return detections.stream().map(d -> d.type() + "=" + d.value(text) + "@" + d.start()).toList();
    }

    private static String mask(String text, List<Detection> detections, TokenMinter minter) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Detection d : detections) {
            out.append(text, at, d.start()).append(minter.mint(d.type(), d.value(text)));
            at = d.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}

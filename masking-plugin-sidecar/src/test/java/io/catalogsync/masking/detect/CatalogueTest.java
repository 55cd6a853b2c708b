package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Holds the scanner to what each catalogue entry claims: its example is found, its near misses are not. */
class CatalogueTest {

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();

    @ParameterizedTest
    @EnumSource(IdentifierType.class)
    void exampleIsDetectedAsItsTypeAndNothingElse(IdentifierType type) {
        String example = type.example();
        List<Detection> detections = scanner.scan(example);

        assertThat(detections).as("detections in %s example %s", type, example).hasSize(1);
        Detection detection = detections.get(0);
        assertThat(detection.type()).isEqualTo(type);
        assertThat(detection.value(example)).isEqualTo(type.exampleMatch());
        assertThat(example).contains(type.exampleMatch());
    }

    @ParameterizedTest
    @EnumSource(IdentifierType.class)
    void exampleIsFoundInsideProseToo(IdentifierType type) {
        String text = "Before: " + type.example() + ". After";
        List<Detection> detections = scanner.scan(text);

        assertThat(detections).hasSize(1);
        assertThat(detections.get(0).type()).isEqualTo(type);
        assertThat(detections.get(0).value(text)).isEqualTo(type.exampleMatch());
    }

    static Stream<PrefixedIds.Prefix> prefixes() {
        return PrefixedIds.ALL.stream();
    }

    /** The prefix table in docs/masking.md: each example is detected whole, as its type, alone and in prose. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("prefixes")
    void everyPrefixExampleIsDetectedAsItsType(PrefixedIds.Prefix prefix) {
        String example = prefix.example();
        for (String text : List.of(example, "id " + example + ".", "实例" + example + "已停止")) {
            List<Detection> detections = scanner.scan(text);
            assertThat(detections).as(text).hasSize(1);
            assertThat(detections.get(0).type()).isEqualTo(prefix.type());
            assertThat(detections.get(0).value(text)).isEqualTo(example);
        }
        for (int length : prefix.lengths()) {
            String shorter = prefix.literal() + "0123456789abcdef0123456789abcdef".substring(0, length - 1);
            assertThat(scanner.scan("id " + shorter + " ")).as(shorter).isEmpty();
        }
    }

    static Stream<Object[]> falsePositives() {
        return Arrays.stream(IdentifierType.values())
                .flatMap(type -> type.falsePositives().stream().map(fp -> new Object[] {type, fp}));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("falsePositives")
    void nearMissesAreNotDetected(IdentifierType type, String nearMiss) {
        assertThat(scanner.scan(nearMiss)).as("detections in %s", nearMiss).isEmpty();
        assertThat(scanner.scan("text " + nearMiss + " text")).isEmpty();
    }

    @Test
    void everyTypeDocumentsItselfAndLabelsAreTokenSafe() {
        for (IdentifierType type : IdentifierType.values()) {
            assertThat(type.label()).matches("[A-Z0-9_]+");
            assertThat(type.description()).isNotBlank();
            assertThat(type.pattern()).isNotBlank();
            assertThat(type.falsePositives()).as("near misses of %s", type).isNotEmpty();
        }
        assertThat(IdentifierType.values().length).isGreaterThanOrEqualTo(25);
    }
}

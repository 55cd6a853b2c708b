package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A guard against super-linear behaviour, not a benchmark: 1 MiB of near matches repeated must scan in well under
 * a second; the 5 s preemptive limit only fails when the cost grows with the input's square.
 */
class LinearityTest {

    private static final int MIB = 1 << 20;

    static String repeat(String unit) {
        StringBuilder text = new StringBuilder(MIB + unit.length());
        while (text.length() < MIB) {
            text.append(unit);
        }
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vpc-", "arn:", "arn:aws:", "arn:aws:iam:", "1.", "1.1.1.1.", "AKIA", "123456789012", "123456789012 ",
        "i-0123abc", "a", " ", ".", "-", "s3://", "::", "1:", "f:", "[[AWS:"})
    void adversarialRunsScanInLinearTime(String unit) {
        String text = repeat(unit);
        AwsIdentifierScanner scanner = AwsIdentifierScanner.create();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int round = 0; round < 3; round++) {
                assertThat(scanner.scan(text).size()).isLessThan(MIB);
            }
        });
    }
}

package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A guard against super-linear behaviour, not a benchmark: 1 MiB of one near match repeated must scan in well
 * under a second. The 5 s preemptive limit (for three scans, on a shared machine) only trips when the cost grows
 * faster than the input, which is what a backtracking regex per type would do on these inputs.
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
    @ValueSource(strings = {
        // ids, ARNs and IAM prefixes
        "vpc-", "vpc-0123abc", "vpc-vpc-", "i-0123abc", "arn:", "arn:aws:", "arn:aws:iam:", "arn:aws:iam::", "arn:aws-cn-",
        "AKIA", "AKIAIOSFODNN7EXAMPL ", "AROA",
        // digits: IPs, accounts, KMS ids
        "1.", "1.1.1.1.", "255.", "123456789012", "123456789012 ", "Account ID: 12345678901 ", "1234-5678-", "1234abcd-12ab-",
        "key 1234abcd-12ab-34cd-56ef-1234567890a ",
        // hosts
        "a.", "a-", ".", "-", "x.s3.", "s3.amazonaws.com/", "x.rds.amazonaws.com.", "ip-10-0-0-", "ec2-1-2-3-", ".amazonaws.com",
        // secrets and context words
        "aws_secret_access_key=", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/", "A", "Ab+/", "zone Z1234567890 ",
        "distribution E", "account account ",
        // IPv6 and clock times
        "::", "1:", "f:", "fe80::1:", "10:30:", "a:b:c:d:", "::ffff:1.",
        // tokens and separators
        "[[AWS:", " ", "s3://", "s3://a",
        // escapes, encodings, CJK, tables, templates, recurrences (issue 10)
        "\\n", "\\u00a0", "\\u", "%3D", "%25", "%253A", "%", "arn%3Aaws%3A", "arn:aws:s3:::${", "实例", "账户ID：",
        "| 123456789012 |\n", "| Account |\n| 123456789012 ", "|", "X-Amz-Security-Token=IQoJb3JpZ2lu%2F",
        "Account ID: 123456789012 123456789012 ", "2 123456789012 eni-", "key/1234abcd-12ab-34cd-56ef-1234567890ab ",
        // recurrences at their limit: 20 zone ids of 20 lengths, each recurring bare
        "zone Z0123456789 Z0123456789 zone Z0123456789A zone Z0123456789AB zone Z0123456789ABC zone Z0123456789ABCD "
            + "zone Z0123456789ABCDE zone Z0123456789ABCDEF zone Z0123456789ABCDEFG zone Z0123456789ABCDEFGH "
            + "zone Z0123456789ABCDEFGHI zone Z0123456789ABCDEFGHIJ zone Z0123456789ABCDEFGHIJK zone Z0123456789ABCDEFGHIJKL "
            + "zone Z0123456789ABCDEFGHIJKLM zone Z0123456789ABCDEFGHIJKLMN zone Z0123456789ABCDEFGHIJKLMNO "
            + "zone Z0123456789ABCDEFGHIJKLMNOP zone Z0123456789ABCDEFGHIJKLMNOPQ zone Z0123456789ABCDEFGHIJKLMNOPQR Z0 Z01 "})
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

package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the masker this project replaces got wrong, and the boundary rules that prevent it. */
class RegressionTest {

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();

    private List<String> values(String text) {
        return scanner.scan(text).stream().map(d -> d.type() + "=" + d.value(text)).toList();
    }

    @Test
    void seventeenHexIdIsMaskedWholeNotAsEightHexWithALeakedTail() {
        assertThat(values("attach vpc-0123456789abcdef0 now")).containsExactly("VPC=vpc-0123456789abcdef0");
        assertThat(values("vpc-0123abcd")).containsExactly("VPC=vpc-0123abcd");
        assertThat(values("i-0123456789abcdef0,i-0123abcd")).containsExactly(
                "EC2_INSTANCE=i-0123456789abcdef0", "EC2_INSTANCE=i-0123abcd");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xvpc-0123abcd", "vpc-0123abcdzz", "vpc-0123abcd_x", "vpc-0123456789abcdef", "vpc-0123456789abcdef01",
        "vpc-0123ABCD", "vpc-", "my_vpc-0123abcd"})
    void idsGluedToLongerWordsOrOfTheWrongLengthAreNotIds(String text) {
        assertThat(scanner.scan(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"feedback", "blogs", "database", "catalogs", "dbadmin", "logs/app.log", "the feedback blogs",
        "DynamoDB tables and CloudWatch logs"})
    void ordinaryWordsAreNeverMasked(String text) {
        assertThat(scanner.scan(text)).isEmpty();
    }

    @Test
    void ipv4OctetsAreStrictAndDottedVersionsAreNotAddresses() {
        assertThat(values("host 10.1.2.3 and 8.8.4.4")).containsExactly("IPV4_PRIVATE=10.1.2.3", "IPV4=8.8.4.4");
        assertThat(values("version 1.2.3 and build 1.2.3.4.5 and 999.1.1.1")).isEmpty();
        assertThat(values("cidr 172.31.0.0/16, port 192.168.1.20:8080.")).containsExactly(
                "IPV4_PRIVATE=172.31.0.0", "IPV4_PRIVATE=192.168.1.20");
        assertThat(values("bind 0.0.0.0 or 127.0.0.1 mask 255.255.0.0")).isEmpty();
    }

    @Test
    void accessKeyIdsAreWholeWords() {
        assertThat(values("key AKIAIOSFODNN7EXAMPLE, temp ASIAIOSFODNN7EXAMPLE"))
                .containsExactly("IAM_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "IAM_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE");
        assertThat(values("AKIAAKIAAKIAAKIAAKIAAKIA")).isEmpty();
    }

    @Test
    void anArnIsOneArnNotItsParts() {
        String text = "role arn:aws:iam::123456789012:role/Admin, bucket arn:aws:s3:::logs-bucket.";
        assertThat(values(text)).containsExactly("IAM_ARN=arn:aws:iam::123456789012:role/Admin", "S3_ARN=arn:aws:s3:::logs-bucket");
    }
}

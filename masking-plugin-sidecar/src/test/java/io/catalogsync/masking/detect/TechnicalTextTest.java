package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 10, section 3: ordinary technical text keeps its UUIDs, templates and namespaces. */
class TechnicalTextTest {

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();

    private List<String> values(String text) {
        return scanner.scan(text).stream().map(d -> d.type() + "=" + d.value(text)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Idempotency-Key: 1234abcd-12ab-34cd-56ef-1234567890ab", "idempotency key 1234abcd-12ab-34cd-56ef-1234567890ab",
        "\"idempotencyKey\": \"1234abcd-12ab-34cd-56ef-1234567890ab\"", "cache key 1234abcd-12ab-34cd-56ef-1234567890ab",
        "primary key = 1234abcd-12ab-34cd-56ef-1234567890ab", "sshKeyId: 1234abcd-12ab-34cd-56ef-1234567890ab",
        "the keys 1234abcd-12ab-34cd-56ef-1234567890ab"})
    void aUuidIsNoKmsKeyOutsideKmsContext(String text) {
        assertThat(values(text)).isEmpty();
    }

    @Test
    void aUuidInKmsContextIsStillAKmsKey() {
        for (String text : List.of("KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab", "aws kms describe-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab",
                "KMS key 1234abcd-12ab-34cd-56ef-1234567890ab", "\"TargetKeyId\": \"1234abcd-12ab-34cd-56ef-1234567890ab\"",
                "\"kmsKeyId\":\"1234abcd-12ab-34cd-56ef-1234567890ab\"")) {
            assertThat(values(text)).as(text).containsExactly("KMS_KEY_ID=1234abcd-12ab-34cd-56ef-1234567890ab");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"resource = \"arn:aws:s3:::${var.bucket_name}\"", "\"arn:aws:s3:::${var.bucket_name}/*\"",
        "Resource: !Sub 'arn:aws:s3:::${BucketName}/*'", "!Sub arn:aws:iam::${AWS::AccountId}:role/${RoleName}",
        "\"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/x\"", "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:topic",
        "bucket = \"s3://${var.bucket}/logs\""})
    void templateInterpolationsStayIntact(String text) {
        assertThat(values(text)).isEmpty();
    }

    @Test
    void aRealAccountBeforeAnInterpolationIsMaskedAndTheInterpolationKept() {
        String text = "\"arn:aws:iam::123456789012:user/${aws:username}\"";
        List<Detection> found = scanner.scan(text);
        assertThat(found).hasSize(1);
        assertThat(text.substring(found.get(0).end())).startsWith("${aws:username}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
        "xmlns=\"https://s3.amazonaws.com/doc/2006-03-01/\"", "<Error xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"})
    void xmlNamespacesAreNotBuckets(String text) {
        assertThat(values(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"commit 3f2504e04f8911d39a0c0305e82c3301abcdef12", "at 10:30:00 UTC", "order 123456789012 shipped",
        "feedback", "blogs", "订单号123456789012已发货", "注文番号：123456789012", "fs-mount", "lt-gray", "key-value", "pl-sql",
        "r-squared", "h-index", "cr-lf", "fl-studio"})
    void todaysGuaranteesHold(String text) {
        assertThat(values(text)).isEmpty();
    }
}

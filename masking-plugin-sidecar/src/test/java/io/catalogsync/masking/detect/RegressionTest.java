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

    @ParameterizedTest
    @ValueSource(strings = {"order 123456789012 shipped", "call 123456789012", "id 123456789012", "123456789012",
        "the account has 3 orders; ref 123456789012", "Account ID: 1234567890123", "Account: 12345678901",
        "account 123456789012345", "account 123456789012.5", "account +123456789012"})
    void aTwelveDigitNumberIsNotAnAccountIdWithoutContext(String text) {
        assertThat(values(text)).isEmpty();
    }

    @Test
    void aTwelveDigitNumberIsAnAccountIdWhereTheContextSaysSo() {
        assertThat(values("Account ID: 123456789012")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("{\"Account\": \"123456789012\"}")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("AccountId=123456789012")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("aws_account_id = 123456789012")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("--account-id 123456789012")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("snapshot owner id is 123456789012")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("\"OwnerId\": \"123456789012\"")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("**AWS account number:** 1234-5678-9012")).containsExactly("ACCOUNT_ID=1234-5678-9012");
        assertThat(values("\"Principal\": {\"AWS\": \"123456789012\"}")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("\"AccountIds\": [\"111111111111\", \"222222222222\"] then 333333333333"))
                .containsExactly("ACCOUNT_ID=111111111111", "ACCOUNT_ID=222222222222");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10:30:00", "12:00", "at 10:30:00 UTC", "2024-01-15T10:30:00Z", "10:30:00.123", "1:2:3:4:5:6:7",
        "00:1a:2b:3c:4d:5e", "std::vector", "Foo::bar()", "dead::beef", "::1", "::", "fe80::", "12:34::56"})
    void clockTimesMacAddressesAndCodeAreNotIpv6(String text) {
        assertThat(values(text)).isEmpty();
    }

    @Test
    void ipv6AddressesInTheirUsualForms() {
        assertThat(values("2001:0db8:85a3:0000:0000:8a2e:0370:7334")).containsExactly("IPV6=2001:0db8:85a3:0000:0000:8a2e:0370:7334");
        assertThat(values("gw fe80::1ff:fe23:4567:890a%eth0")).containsExactly("IPV6=fe80::1ff:fe23:4567:890a");
        assertThat(values("[2001:db8::1]:443, 2001:db8::. ::ffff:192.0.2.128"))
                .containsExactly("IPV6=2001:db8::1", "IPV6=2001:db8::", "IPV6=::ffff:192.0.2.128");
    }

    @Test
    void patternsTheOldMaskerNeverMatchedDoMatch() {
        assertThat(values("KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab"))
                .containsExactly("KMS_KEY_ID=1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(values("aws kms describe-key --key-id mrk-1234abcd12ab34cd56ef1234567890ab"))
                .containsExactly("KMS_KEY_ID=mrk-1234abcd12ab34cd56ef1234567890ab");
        assertThat(values("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                .containsExactly("KMS_KEY_ARN=arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(values("GET /2013-04-01/hostedzone/Z1D633PJN98FT9/rrset"))
                .containsExactly("ROUTE53_ZONE_ID=Z1D633PJN98FT9");
        assertThat(values("--hosted-zone-id Z02345678ABCDEFGHIJK")).containsExactly("ROUTE53_ZONE_ID=Z02345678ABCDEFGHIJK");
        assertThat(values("origin d111111abcdef8.cloudfront.net, DistributionId: E2QWRUHAPOMQZL"))
                .containsExactly("CLOUDFRONT_HOST=d111111abcdef8.cloudfront.net", "CLOUDFRONT_DISTRIBUTION=E2QWRUHAPOMQZL");
        assertThat(values("request 1234abcd-12ab-34cd-56ef-1234567890ab, code Z1D633PJN98FT9, E2QWRUHAPOMQZL")).isEmpty();
    }

    @Test
    void secretKeysAreMaskedOnlyNextToAnAccessKeyIdOrAfterTheirLabel() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThat(values("AKIAIOSFODNN7EXAMPLE:" + secret)).containsExactly(
                "IAM_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", "IAM_SECRET_ACCESS_KEY=" + secret);
        assertThat(values(secret + " belongs to ASIAIOSFODNN7EXAMPLE")).containsExactly(
                "IAM_SECRET_ACCESS_KEY=" + secret, "IAM_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE");
        assertThat(values("AWS_SECRET_ACCESS_KEY=" + secret)).containsExactly("IAM_SECRET_ACCESS_KEY=" + secret);
        assertThat(values("\"SecretAccessKey\": \"" + secret + "\"")).containsExactly("IAM_SECRET_ACCESS_KEY=" + secret);
        assertThat(values("some base64 " + secret)).isEmpty();
        assertThat(values("AKIAIOSFODNN7EXAMPLE " + "x".repeat(60) + " " + secret))
                .containsExactly("IAM_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void theLongestMostSpecificMatchWins() {
        assertThat(values("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0"))
                .containsExactly("ARN=arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0");
        assertThat(values("https://10.0.0.1.s3.amazonaws.com/key")).containsExactly("S3_BUCKET=10.0.0.1");
        assertThat(values("ip-10-0-0-1.ec2.internal")).containsExactly("EC2_HOSTNAME=ip-10-0-0-1.ec2.internal");
        assertThat(values("i-0123456789abcdef0.us-west-2.compute.internal"))
                .containsExactly("EC2_HOSTNAME=i-0123456789abcdef0.us-west-2.compute.internal");
        assertThat(values("::ffff:10.0.0.1")).containsExactly("IPV6=::ffff:10.0.0.1");
    }

    @Test
    void bucketsInEveryUrlForm() {
        assertThat(values("s3://logs.example-bucket/2024/ https://logs.example-bucket.s3.eu-west-1.amazonaws.com/x "
                + "http://site.s3-website-us-east-1.amazonaws.com https://s3.us-west-2.amazonaws.com/my-bucket/key "
                + "https://s3.amazonaws.com/my-bucket https://my.s3.bucket.s3.dualstack.us-east-1.amazonaws.com"))
                .containsExactly("S3_BUCKET=logs.example-bucket", "S3_BUCKET=logs.example-bucket", "S3_BUCKET=site",
                        "S3_BUCKET=my-bucket", "S3_BUCKET=my-bucket", "S3_BUCKET=my.s3.bucket");
        assertThat(values("s3.amazonaws.com and https://s3.us-east-1.amazonaws.com/ and sts.amazonaws.com")).isEmpty();
    }

    @Test
    void serviceEndpointsNameNoResourceAndAreLeftAlone() {
        assertThat(values("sts.us-east-1.amazonaws.com rds.us-east-1.amazonaws.com eks.us-west-2.amazonaws.com "
                + "elasticloadbalancing.us-west-2.amazonaws.com execute-api.us-east-1.amazonaws.com ec2.amazonaws.com")).isEmpty();
    }

    @Test
    void identifiersNextToOtherScriptsAreNotSplitOutOfWords() {
        assertThat(values("ävpc-0123abcd vpc-0123abcdé")).isEmpty();
        assertThat(values("« vpc-0123abcd »")).containsExactly("VPC=vpc-0123abcd");
    }
}

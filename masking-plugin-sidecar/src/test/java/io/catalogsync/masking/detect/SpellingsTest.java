package io.catalogsync.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, section 2: every occurrence of a recognised value, and identifiers in every spelling real text gives
 * them (escaped JSON, URL-encoded, next to CJK text, after Unicode spaces, in CLI lists and tables).
 */
class SpellingsTest {

    private final AwsIdentifierScanner scanner = AwsIdentifierScanner.create();

    private List<String> values(String text) {
        return scanner.scan(text).stream().map(d -> d.type() + "=" + d.value(text)).toList();
    }

    @Test
    void aValueRecognisedOnceIsMaskedWhereverItRecursInTheText() {
        assertThat(values("Account ID: 123456789012. Later the log shows 123456789012 again; (123456789012)"))
                .containsExactly("ACCOUNT_ID=123456789012", "ACCOUNT_ID=123456789012", "ACCOUNT_ID=123456789012");
        // before the context too, and not inside a longer number
        assertThat(values("owner 123456789012? yes: KmsKeyId 1234abcd-12ab-34cd-56ef-1234567890ab; "
                + "1234abcd-12ab-34cd-56ef-1234567890ab and 1123456789012"))
                .containsExactly("ACCOUNT_ID=123456789012", "KMS_KEY_ID=1234abcd-12ab-34cd-56ef-1234567890ab",
                        "KMS_KEY_ID=1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(values("see 123456789012 first, then Account: 123456789012"))
                .containsExactly("ACCOUNT_ID=123456789012", "ACCOUNT_ID=123456789012");
    }

    @Test
    void theAccountInsideAnArnMasksTheBareAccountElsewhere() {
        assertThat(values("role arn:aws:iam::123456789012:role/Admin; billing for 123456789012"))
                .containsExactly("IAM_ARN=arn:aws:iam::123456789012:role/Admin", "ACCOUNT_ID=123456789012");
    }

    @Test
    void valuesRecognisedInOneTextSlotAreMaskedInTheOtherSlotsOfTheBody() {
        List<List<Detection>> all = scanner.scanAll(List.of("Account ID: 123456789012", "and 123456789012 here", "nothing"));
        assertThat(all.get(0)).hasSize(1);
        assertThat(all.get(1)).containsExactly(new Detection(4, 16, IdentifierType.ACCOUNT_ID));
        assertThat(all.get(2)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Account ID:\u00a0123456789012", "Account ID\u3000123456789012", "Account\u2009ID:\u202f123456789012",
        "AccountId\u200b=\u200b123456789012", "账户ID：123456789012", "AWS账户123456789012", "アカウントID：123456789012",
        "Account ID:\\u00a0123456789012", "{\\\"AccountId\\\": \\\"123456789012\\\"}", "Account ID:\\n123456789012",
        "Account ID:\\t123456789012", "AccountId\\u003d123456789012", "OwnerId%3D123456789012"})
    void accountIdAfterUnicodeSpacesEscapesAndCjkLabels(String text) {
        assertThat(values(text)).containsExactly("ACCOUNT_ID=123456789012");
    }

    @Test
    void identifiersRightAfterALiteralJsonEscape() {
        assertThat(values("output:\\nvpc-0123456789abcdef0\\ti-0abcdef1234567890\\\"sg-903004f8\\\""))
                .containsExactly("VPC=vpc-0123456789abcdef0", "EC2_INSTANCE=i-0abcdef1234567890", "SECURITY_GROUP=sg-903004f8");
        assertThat(values("a\\u0020subnet-0bb1c79de31234567\\u003e")).containsExactly("SUBNET=subnet-0bb1c79de31234567");
        assertThat(values("C:\\\\vpc-0123abcd")).containsExactly("VPC=vpc-0123abcd");
        assertThat(values("\\u5b9e\\u4f8bi-0abcdef1234567890\\u5df2")).containsExactly("EC2_INSTANCE=i-0abcdef1234567890");
        assertThat(values("\\u0041vpc-0123abcd")).as("an escaped letter glues like the letter").isEmpty();
    }

    @Test
    void escapedSlashInsideAnArnIsPartOfTheArn() {
        assertThat(values("{\"Arn\":\"arn:aws:iam::123456789012:role\\/service-role\\/Admin\"}"))
                .containsExactly("IAM_ARN=arn:aws:iam::123456789012:role\\/service-role\\/Admin");
        assertThat(values("\"arn:aws:iam::123456789012:role\\u002fAdmin\\u0022"))
                .containsExactly("IAM_ARN=arn:aws:iam::123456789012:role\\u002fAdmin");
    }

    @Test
    void identifiersGluedToChineseAndJapaneseText() {
        assertThat(values("实例i-0abcdef1234567890已停止，安全组sg-903004f8允许访问"))
                .containsExactly("EC2_INSTANCE=i-0abcdef1234567890", "SECURITY_GROUP=sg-903004f8");
        assertThat(values("バケットs3://my-data-bucket/のオブジェクト、IPは10.0.12.34です"))
                .containsExactly("S3_BUCKET=my-data-bucket", "IPV4_PRIVATE=10.0.12.34");
        assertThat(values("请使用arn:aws-cn:iam::123456789012:role/Admin角色")).containsExactly("IAM_ARN=arn:aws-cn:iam::123456789012:role/Admin");
        assertThat(values("密钥AKIAIOSFODNN7EXAMPLE泄露")).containsExactly("IAM_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE");
    }

    @Test
    void presignedUrlCredentialAndSecurityToken() {
        String token = "IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQDxm0C4VyR2v3Xq7lM1dKpZ8sWbJ5nT6yGfHkAIgExample%2FTOKEN%2Bvalue0123456789abcdefABCDEFghijklmnopQRSTUV%3D%3D";
        String url = "https://my-data-bucket.s3.us-east-1.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=ASIAIOSFODNN7EXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z"
                + "&X-Amz-Expires=3600&X-Amz-Security-Token=" + token + "&X-Amz-SignedHeaders=host&X-Amz-Signature=abc123";
        assertThat(values(url)).containsExactly("S3_BUCKET=my-data-bucket", "IAM_ACCESS_KEY_ID=ASIAIOSFODNN7EXAMPLE",
                "IAM_SESSION_TOKEN=" + token);
    }

    @Test
    void percentEncodedConsoleLinksAndSigninHosts() {
        assertThat(values("https://console.aws.amazon.com/iam/home#/roles/details?arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin&x=1"))
                .containsExactly("IAM_ARN=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin");
        assertThat(values("https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId%3Di-0abcdef1234567890"))
                .containsExactly("EC2_INSTANCE=i-0abcdef1234567890");
        assertThat(values("sign in at https://123456789012.signin.aws.amazon.com/console"))
                .containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("https://123456789012.signin.amazonaws.cn/console")).containsExactly("ACCOUNT_ID=123456789012");
    }

    @Test
    void arnsWithWildcardOrEmptyRegionAndAccount() {
        assertThat(values("\"Resource\": \"arn:aws:logs:*:123456789012:*\"")).containsExactly("ARN=arn:aws:logs:*:123456789012:*");
        assertThat(values("arn:aws:iam::*:role/x")).containsExactly("IAM_ARN=arn:aws:iam::*:role/x");
        assertThat(values("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-fn:log-stream:2024/01/01/[$LATEST]abc"))
                .containsExactly("ARN=arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/my-fn:log-stream:2024/01/01/[$LATEST]abc");
    }

    @Test
    void accountIdsInCliAndApiContexts() {
        assertThat(values("aws ec2 describe-images --owners 123456789012")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("aws ec2 modify-image-attribute --image-id ami-0ff8a91507f77f867 --launch-permission --user-ids 123456789012"))
                .containsExactly("AMI=ami-0ff8a91507f77f867", "ACCOUNT_ID=123456789012");
        assertThat(values("{\"UserId\": \"123456789012\", \"Group\": null}")).containsExactly("ACCOUNT_ID=123456789012");
        assertThat(values("aws ram create-resource-share --accounts 111111111111 222222222222 333333333333 --name x"))
                .containsExactly("ACCOUNT_ID=111111111111", "ACCOUNT_ID=222222222222", "ACCOUNT_ID=333333333333");
    }

    @Test
    void aTableColumnHeadedAccount() {
        String markdown = "| Account | Name | Orders |\n|---|---|---|\n| 111111111111 | prod | 123456789012 |\n"
                + "| 222222222222 | dev | 5 |\n";
        assertThat(values(markdown)).containsExactly("ACCOUNT_ID=111111111111", "ACCOUNT_ID=222222222222");
        String cliTable = "-----------------------------------------\n|            DescribeImages             |\n"
                + "+---------------+-----------------------+\n|    OwnerId    |        ImageId        |\n"
                + "+---------------+-----------------------+\n|  123456789012 |  ami-0ff8a91507f77f867|\n"
                + "|  210987654321 |  ami-0123456789abcdef0|\n+---------------+-----------------------+\n";
        assertThat(values(cliTable)).containsExactly("ACCOUNT_ID=123456789012", "AMI=ami-0ff8a91507f77f867",
                "ACCOUNT_ID=210987654321", "AMI=ami-0123456789abcdef0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fs-0123456789abcdef0", "fs-01234567", "fsap-0123456789abcdef0", "fsmt-0123456789abcdef0",
        "lt-0123456789abcdef0", "tgw-attach-0123456789abcdef0", "tgw-rtb-0123456789abcdef0", "dopt-0123456789abcdef0",
        "cgw-0123456789abcdef0", "vgw-0123456789abcdef0", "vpn-0123456789abcdef0", "vpce-svc-0123456789abcdef0",
        "eipassoc-0123456789abcdef0", "rtbassoc-0123456789abcdef0", "aclassoc-0123456789abcdef0", "eni-attach-0123456789abcdef0",
        "pl-0123456789abcdef0", "sgr-0123456789abcdef0", "key-0123456789abcdef0", "cr-0123456789abcdef0",
        "h-0123456789abcdef0", "cvpn-endpoint-0123456789abcdef0", "ipam-pool-0123456789abcdef0", "lgw-0123456789abcdef0",
        "vpc-cidr-assoc-0123456789abcdef0", "subnet-cidr-assoc-0123456789abcdef0", "tgw-mcast-domain-0123456789abcdef0",
        "pg-0123456789abcdef0", "fl-0123456789abcdef0", "r-0123456789abcdef0", "ipam-0123456789abcdef0",
        "tmf-0123456789abcdef0", "tmt-0123456789abcdef0", "tms-0123456789abcdef0"})
    void everyEc2VpcAndEfsResourceIdPrefix(String id) {
        assertThat(scanner.scan("resource " + id + ".")).extracting(d -> d.value("resource " + id + ".")).containsExactly(id);
    }
}

package io.catalogsync.masking.detect;

import java.util.List;

/**
 * The catalogue of AWS identifiers the scanner detects.
 *
 * <p>Each type documents itself: {@link #pattern()} says what is matched, {@link #example()} is a text in which
 * the scanner must find {@link #exampleMatch()} as this type, and {@link #falsePositives()} are near misses in
 * which it must find nothing. Tests hold the scanner to these, and {@code docs/masking.md} is generated from
 * them, so the published catalogue cannot drift from the code.
 */
public enum IdentifierType {

    ARN("Amazon Resource Name of any other service, in every partition",
            "`arn:` partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso*`) `:` service `:` region `:` account `:` resource",
            "arn:aws-cn:sns:cn-north-1:123456789012:alerts-topic",
            List.of("arn:foo:bar", "arn:arn:arn:", "learn:aws:sns")),

    IAM_ARN("ARN of an IAM or STS principal or policy (user, role, group, assumed role, policy, instance profile)",
            "an ARN whose service is `iam` or `sts`",
            "arn:aws:iam::123456789012:role/service-role/Admin",
            List.of("arn:aws:iam", "arn:aws:iam::12345:role/x")),
    S3_ARN("ARN of an S3 bucket, object or access point", "an ARN whose service is `s3`",
            "arn:aws:s3:::my-data-bucket/reports/2024/*",
            List.of("arn:aws:s3", "arn:aws:s3:::")),
    KMS_KEY_ARN("ARN of a KMS key or alias", "an ARN whose service is `kms`",
            "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            List.of("arn:aws:kms:us-east-1:1234:key/x")),
    LAMBDA_FUNCTION_ARN("ARN of a Lambda function (with its name, and version or alias when present)",
            "an ARN whose service is `lambda` and whose resource starts with `function:`",
            "arn:aws:lambda:eu-west-1:123456789012:function:process-orders:PROD",
            List.of("arn:aws:lambda:eu-west-1:123456789012")),

    EC2_INSTANCE("EC2 instance id", "`i-` + 8 or 17 lowercase hex", "i-0abcdef1234567890",
            List.of("multi-0123abcd", "i-0123abcdzz", "i-0123")),
    AMI("EC2 machine image id", "`ami-` + 8 or 17 lowercase hex", "ami-0ff8a91507f77f867",
            List.of("ami-example", "ami-0ff8a915077")),
    EBS_VOLUME("EBS volume id", "`vol-` + 8 or 17 lowercase hex", "vol-049df61146c4d7901",
            List.of("vol-1", "vol-0123abcd0")),
    EBS_SNAPSHOT("EBS snapshot id", "`snap-` + 8 or 17 lowercase hex", "snap-1234567890abcdef0",
            List.of("snap-shot", "snap-1234567890abcdef")),
    VPC("VPC id", "`vpc-` + 8 or 17 lowercase hex", "vpc-0123456789abcdef0",
            List.of("xvpc-0123abcd", "vpc-0123abcdzz", "vpc-vpc-vpc")),
    SUBNET("VPC subnet id", "`subnet-` + 8 or 17 lowercase hex", "subnet-0bb1c79de31234567",
            List.of("subnet-mask", "subnet-0bb1c79de3")),
    SECURITY_GROUP("VPC security group id", "`sg-` + 8 or 17 lowercase hex", "sg-903004f8",
            List.of("sg-903004f8g", "msg-903004f8")),
    ENI("Elastic network interface id", "`eni-` + 8 or 17 lowercase hex", "eni-e5aa89a3",
            List.of("eni-e5aa89", "genie-e5aa89a3")),
    INTERNET_GATEWAY("Internet gateway or egress-only internet gateway id", "`igw-` or `eigw-` + 8 or 17 lowercase hex",
            "igw-0c0a8e3b21e0b1a5f", List.of("igw-", "bigw-0c0a8e3b")),
    NAT_GATEWAY("NAT gateway id", "`nat-` + 8 or 17 lowercase hex", "nat-08d48af2a8e83edfd",
            List.of("nat-gateway", "combat-08d48af2")),
    ROUTE_TABLE("VPC route table id", "`rtb-` + 8 or 17 lowercase hex", "rtb-0c1a2b3c4d5e6f708",
            List.of("rtb-0c1a2b3c4d5e6f70", "rtb-main")),
    VPC_ENDPOINT("VPC endpoint id", "`vpce-` + 8 or 17 lowercase hex", "vpce-0a1b2c3d4e5f60718",
            List.of("vpce-svc", "vpce-0a1b2c3d4")),
    TRANSIT_GATEWAY("Transit gateway id", "`tgw-` + 8 or 17 lowercase hex", "tgw-0262a0e5210a1b2c3",
            List.of("tgw-attach", "tgw-0262a0e52")),
    NETWORK_ACL("Network ACL id", "`acl-` + 8 or 17 lowercase hex", "acl-5fb85d36",
            List.of("acl-rules", "oracl-5fb85d36")),
    VPC_PEERING("VPC peering connection id", "`pcx-` + 8 or 17 lowercase hex", "pcx-111aaa111bbb22233",
            List.of("pcx-", "pcx-111aaa111bbb2223")),
    ELASTIC_IP("Elastic IP allocation id", "`eipalloc-` + 8 or 17 lowercase hex", "eipalloc-64d5890a",
            List.of("eipalloc-64d589", "eipalloc-")),

    IAM_ACCESS_KEY_ID("IAM access key id, long-term (`AKIA`) or temporary (`ASIA`)",
            "`AKIA` or `ASIA` + 16 uppercase letters or digits, as a whole word",
            "AKIAIOSFODNN7EXAMPLE", List.of("AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLE1", "ASIAN", "xAKIAIOSFODNN7EXAMPLE")),
    IAM_UNIQUE_ID("IAM unique id of a user, role, group, instance profile, policy, policy version, public key, "
            + "server certificate, context-specific credential or STS bearer token",
            "`AIDA`, `AROA`, `AGPA`, `AIPA`, `ANPA`, `ANVA`, `APKA`, `ASCA`, `ACCA` or `ABIA` + 16 to 28 uppercase letters or digits",
            "AROADBQP57FF2AEXAMPLE", List.of("AROAD", "AIDAN", "ANPAANPAANPA")),

    IPV4("Public IPv4 address", "four decimal octets 0-255 without leading zeros, not part of a longer dotted number; "
            + "`0.0.0.0/8`, loopback `127/8` and `224.0.0.0` and above (multicast, netmasks) are left alone",
            "203.0.113.25", List.of("1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "v1.2.3.4", "255.255.255.0")),
    IPV4_PRIVATE("Private, shared or link-local IPv4 address (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16)",
            "as IPV4, in a private range", "10.0.12.34", List.of("10.0.12", "10.0.12.34.5", "10.0.12.340"));

    private final String description;
    private final String pattern;
    private final String example;
    private final String exampleMatch;
    private final List<String> falsePositives;

    IdentifierType(String description, String pattern, String example, List<String> falsePositives) {
        this(description, pattern, example, example, falsePositives);
    }

    IdentifierType(String description, String pattern, String example, String exampleMatch, List<String> falsePositives) {
        this.description = description;
        this.pattern = pattern;
        this.example = example;
        this.exampleMatch = exampleMatch;
        this.falsePositives = List.copyOf(falsePositives);
    }

    /** The type's name in tokens: uppercase {@code A-Z0-9_}, stable across releases. */
    public String label() {
        return name();
    }

    /** What the identifier is, for people. */
    public String description() {
        return description;
    }

    /** What the scanner matches, in words (Markdown). */
    public String pattern() {
        return pattern;
    }

    /** A text in which {@link #exampleMatch()} is detected as this type (with its context where one is needed). */
    public String example() {
        return example;
    }

    /** The part of {@link #example()} the scanner masks. */
    public String exampleMatch() {
        return exampleMatch;
    }

    /** Near misses in which the scanner detects nothing at all. */
    public List<String> falsePositives() {
        return falsePositives;
    }
}

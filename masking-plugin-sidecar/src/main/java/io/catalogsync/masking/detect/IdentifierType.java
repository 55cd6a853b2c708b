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
            "`arn:` partition (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso*`) `:` service `:` region (may be empty or `*`) `:` "
            + "account (may be empty or `*`) `:` resource; `:` may be spelt `%3A` (a URL-encoded console link) and `/` `\\/` "
            + "(escaped JSON); the resource ends before a `${...}` template interpolation, which is left intact",
            "arn:aws-cn:sns:cn-north-1:123456789012:alerts-topic",
            List.of("arn:foo:bar", "arn:arn:arn:", "learn:aws:sns")),

    IAM_ARN("ARN of an IAM or STS principal or policy (user, role, group, assumed role, policy, instance profile)",
            "an ARN whose service is `iam` or `sts`",
            "arn:aws:iam::123456789012:role/service-role/Admin",
            List.of("arn:aws:iam", "arn:aws:iam::12345:role/x")),
    S3_ARN("ARN of an S3 bucket, object or access point", "an ARN whose service is `s3`",
            "arn:aws:s3:::my-data-bucket/reports/2024/*",
            List.of("arn:aws:s3", "arn:aws:s3:::", "arn:aws:s3:::${var.bucket_name}/*")),
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
    VPC("VPC id, or one of its CIDR block associations", "`vpc-` (`vpc-cidr-assoc-`) + 8 or 17 lowercase hex", "vpc-0123456789abcdef0",
            List.of("xvpc-0123abcd", "vpc-0123abcdzz", "vpc-vpc-vpc")),
    SUBNET("VPC subnet id, or one of its CIDR block associations", "`subnet-` (`subnet-cidr-assoc-`) + 8 or 17 lowercase hex", "subnet-0bb1c79de31234567",
            List.of("subnet-mask", "subnet-0bb1c79de3")),
    SECURITY_GROUP("VPC security group or security group rule id", "`sg-` + 8 or 17 lowercase hex, `sgr-` + 17", "sg-903004f8",
            List.of("sg-903004f8g", "msg-903004f8")),
    ENI("Elastic network interface or attachment id", "`eni-` (`eni-attach-`) + 8 or 17 lowercase hex", "eni-e5aa89a3",
            List.of("eni-e5aa89", "genie-e5aa89a3")),
    INTERNET_GATEWAY("Internet gateway or egress-only internet gateway id", "`igw-` or `eigw-` + 8 or 17 lowercase hex",
            "igw-0c0a8e3b21e0b1a5f", List.of("igw-", "bigw-0c0a8e3b")),
    NAT_GATEWAY("NAT gateway id", "`nat-` + 8 or 17 lowercase hex", "nat-08d48af2a8e83edfd",
            List.of("nat-gateway", "combat-08d48af2")),
    ROUTE_TABLE("VPC route table or route table association id", "`rtb-` (`rtbassoc-`) + 8 or 17 lowercase hex", "rtb-0c1a2b3c4d5e6f708",
            List.of("rtb-0c1a2b3c4d5e6f70", "rtb-main")),
    VPC_ENDPOINT("VPC endpoint or endpoint service id", "`vpce-` + 8 or 17 lowercase hex, `vpce-svc-` + 17", "vpce-0a1b2c3d4e5f60718",
            List.of("vpce-svc", "vpce-0a1b2c3d4")),
    TRANSIT_GATEWAY("Transit gateway, attachment, route table or multicast domain id",
            "`tgw-` + 8 or 17 lowercase hex; `tgw-attach-`, `tgw-rtb-`, `tgw-mcast-domain-` + 17", "tgw-0262a0e5210a1b2c3",
            List.of("tgw-attach", "tgw-0262a0e52", "tgw-attach-0123abcd")),
    NETWORK_ACL("Network ACL or network ACL association id", "`acl-` (`aclassoc-`) + 8 or 17 lowercase hex", "acl-5fb85d36",
            List.of("acl-rules", "oracl-5fb85d36")),
    VPC_PEERING("VPC peering connection id", "`pcx-` + 8 or 17 lowercase hex", "pcx-111aaa111bbb22233",
            List.of("pcx-", "pcx-111aaa111bbb2223")),
    ELASTIC_IP("Elastic IP allocation or association id", "`eipalloc-` (`eipassoc-`) + 8 or 17 lowercase hex", "eipalloc-64d5890a",
            List.of("eipalloc-64d589", "eipalloc-")),
    VPN("Virtual private gateway, customer gateway, Site-to-Site VPN connection or Client VPN endpoint id",
            "`vgw-`, `cgw-`, `vpn-` + 8 or 17 lowercase hex, `cvpn-endpoint-` + 17", "vgw-8db04f81",
            List.of("vgw-", "vpn-connection", "cgw-8db04f")),
    LAUNCH_TEMPLATE("EC2 launch template id", "`lt-` + 17 lowercase hex", "lt-0abcd290751193123",
            List.of("lt-gray", "lt-01234567", "salt-0abcd290751193123")),
    FILE_SYSTEM("EFS or FSx file system, EFS access point or mount target id",
            "`fs-` + 8 or 17 lowercase hex (EFS; FSx has 17), `fsap-` + 17, `fsmt-` + 8 or 17", "fs-0123456789abcdef0",
            List.of("fs-mount", "fs-0123", "lsfs-01234567", "fsap-01234567")),
    EC2_RESOURCE_ID("Another EC2 or VPC resource id: DHCP options, prefix list, key pair, capacity reservation, dedicated host, "
            + "reservation, placement group, flow log, local gateway, IPAM, traffic mirroring, Spot request, ...",
            "one of the prefixes in the table below + its hex", "dopt-7a8b9c2d",
            List.of("key-value", "r-squared", "h-index", "pl-sql", "dopt-", "cr-lf")),

    IAM_ACCESS_KEY_ID("IAM access key id, long-term (`AKIA`) or temporary (`ASIA`)",
            "`AKIA` or `ASIA` + 16 uppercase letters or digits, as a whole word",
            "AKIAIOSFODNN7EXAMPLE", List.of("AKIAIOSFODNN7EXAMPL", "AKIAIOSFODNN7EXAMPLE1", "ASIAN", "xAKIAIOSFODNN7EXAMPLE")),
    IAM_UNIQUE_ID("IAM unique id of a user, role, group, instance profile, policy, policy version, public key, "
            + "server certificate, context-specific credential or STS bearer token",
            "`AIDA`, `AROA`, `AGPA`, `AIPA`, `ANPA`, `ANVA`, `APKA`, `ASCA`, `ACCA` or `ABIA` + 16 to 28 uppercase letters or digits",
            "AROADBQP57FF2AEXAMPLE", List.of("AROAD", "AIDAN", "ANPAANPAANPA")),

    IAM_SECRET_ACCESS_KEY("IAM secret access key",
            "40 base64 characters with upper- and lowercase letters, within " + Secrets.NEAR + " characters of an access key "
            + "id or after a label such as `aws_secret_access_key`, `SecretAccessKey`, `secret_key`",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            List.of("token wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709", "SecretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY==")),
    IAM_SESSION_TOKEN("STS session token of temporary credentials",
            "100 or more base64 characters after a label such as `aws_session_token`, `SessionToken`, `X-Amz-Security-Token`",
            "aws_session_token = IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQDxm0C4VyR2v3Xq7lM1dKpZ8sWbJ5nT6yGfHkAIgExample/TOKEN+value0123456789abcdefABCDEFghijklmnopQRSTUV==", "IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQDxm0C4VyR2v3Xq7lM1dKpZ8sWbJ5nT6yGfHkAIgExample/TOKEN+value0123456789abcdefABCDEFghijklmnopQRSTUV==",
            List.of("aws_session_token = IQoJb3JpZ2luX2VjEHYa", "data IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJHMEUCIQDxm0C4VyR2v3Xq7lM1dKpZ8sWbJ5nT6yGfHkAIgExample/TOKEN+value0123456789abcdefABCDEFghijklmnopQRSTUV==")),

    ACCOUNT_ID("AWS account id, where the context says it is one",
            "12 digits (or `1234-5678-9012`) after words such as `Account`, `Account ID`, `AccountId`, `\"Account\":`, "
            + "`aws_account_id`, `--account-id`, `owner id`, `OwnerId`, `--owners`, `UserId`, `--user-ids`, a policy's `\"AWS\":`, "
            + "`账户`, `アカウント`, or next in a list of them (commas or spaces); in a table column headed by such a word; "
            + "also the account in ECR registry hosts, console sign-in hosts (`<account>.signin.aws.amazon.com`) and "
            + "`amazonaws.com/<account>/` paths (SQS queue URLs). Inside an ARN it is part of the ARN",
            "Account ID: 123456789012", "123456789012",
            List.of("order 123456789012", "call 123456789012 today", "account 12345678901", "account 1234567890123",
                "the account has 3 orders; id 123456789012", "invoice 1234-5678-9012", "1.123456789012")),
    S3_BUCKET("S3 bucket name", "the bucket in `s3://bucket/...` (also `s3a://`, `s3n://`), in virtual-hosted URLs "
            + "(`bucket.s3.amazonaws.com`, `bucket.s3.us-east-1.amazonaws.com`, `bucket.s3-website-us-east-1.amazonaws.com`, "
            + "`bucket.s3.dualstack.<region>.amazonaws.com`) and path-style URLs (`s3.amazonaws.com/bucket`, "
            + "`s3.us-west-2.amazonaws.com/bucket`); bucket naming rules apply (3-63 of `[a-z0-9.-]`)",
            "s3://my-data-bucket/reports/2024.csv", "my-data-bucket",
            List.of("s3://ab/", "s3://My_Bucket/", "s3-bucket-policy", "s3.amazonaws.com", "https://s3.amazonaws.com/",
                "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"", "s3://${var.bucket}/")),

    RDS_ENDPOINT("RDS or Aurora endpoint host name", "a host ending in `.rds.amazonaws.com` (or `.rds.<region>.amazonaws.com.cn`) "
            + "with at least one label before `rds`",
            "mydb.c9akciq32.us-east-1.rds.amazonaws.com", List.of("rds.us-east-1.amazonaws.com", "rds.amazonaws.com", "mydb.rds")),
    ELASTICACHE_ENDPOINT("ElastiCache endpoint host name", "a host ending in `.cache.amazonaws.com` with at least one label before `cache`",
            "my-redis.abc123.ng.0001.use1.cache.amazonaws.com", List.of("elasticache.us-east-1.amazonaws.com", "cache.amazonaws.com")),
    ELB_HOSTNAME("Classic, application or network load balancer DNS name",
            "`<name>-<id>.<region>.elb.amazonaws.com` (classic, ALB) or `<name>-<id>.elb.<region>.amazonaws.com` (NLB)",
            "my-alb-1234567890.us-west-2.elb.amazonaws.com",
            List.of("elasticloadbalancing.us-west-2.amazonaws.com", "elb.amazonaws.com")),
    EKS_ENDPOINT("EKS cluster API server endpoint", "a host ending in `.eks.amazonaws.com` with at least one label before `eks` "
            + "(`<id>.gr7.<region>.eks.amazonaws.com`)",
            "0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com",
            List.of("eks.us-west-2.amazonaws.com", "oidc.eks.us-west-2.amazonaws.com")),
    EKS_CLUSTER_ID("EKS cluster id in its OIDC issuer URL", "32 hex after `oidc.eks.<region>.amazonaws.com/id/`",
            "https://oidc.eks.us-west-2.amazonaws.com/id/5E1D8A0C7BA8D2B1A0C3F7A8E0D6C5B2", "5E1D8A0C7BA8D2B1A0C3F7A8E0D6C5B2",
            List.of("oidc.eks.us-west-2.amazonaws.com/id/", "oidc.eks.us-west-2.amazonaws.com/id/ABC")),
    API_GATEWAY_ENDPOINT("API Gateway endpoint host name", "`<api-id>.execute-api.<region>.amazonaws.com`",
            "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com", List.of("execute-api.us-east-1.amazonaws.com")),
    EC2_HOSTNAME("EC2 instance DNS name (it encodes the instance's address)",
            "`ip-10-0-1-23` alone or with `.ec2.internal` or `.<region>.compute.internal`, any host under those, and public "
            + "`ec2-54-1-2-3.compute-1.amazonaws.com`, `ec2-54-1-2-3.<region>.compute.amazonaws.com`",
            "ip-10-0-1-23.ec2.internal", List.of("ip-10-0-1-256", "ip-address", "ec2.internal", "ec2-user")),

    KMS_KEY_ID("KMS key id", "a UUID after words naming a KMS key (`KeyId`, `KmsKeyId`, `TargetKeyId`, `kms`, `kms key`, "
            + "`--key-id`), or a multi-region key `mrk-` + 32 lowercase hex; a bare `key` (idempotency, cache, primary) is not enough",
            "KmsKeyId: 1234abcd-12ab-34cd-56ef-1234567890ab", "1234abcd-12ab-34cd-56ef-1234567890ab",
            List.of("request id 1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd", "api_key 1234abcd-12ab-34cd-56ef-1234567890ab",
                "Idempotency-Key: 1234abcd-12ab-34cd-56ef-1234567890ab")),
    ROUTE53_ZONE_ID("Route 53 hosted zone id", "`Z` + 10 to 32 uppercase letters or digits after `/hostedzone/`, `HostedZoneId`, "
            + "`--hosted-zone-id`, `zone id` or `zone`",
            "HostedZoneId: Z1D633PJN98FT9", "Z1D633PJN98FT9",
            List.of("ZOOKEEPER12345678 started", "zone Z1D6", "Z1D633PJN98FT9")),
    CLOUDFRONT_DISTRIBUTION("CloudFront distribution id", "`E` + 11 to 15 uppercase letters or digits after `distribution`, "
            + "`DistributionId`, `--distribution-id`, `distributions/` or `CloudFront`",
            "distribution E2QWRUHAPOMQZL", "E2QWRUHAPOMQZL",
            List.of("ERRORCODE12345 returned", "distribution EU", "E2QWRUHAPOMQZL")),
    CLOUDFRONT_HOST("CloudFront distribution domain name", "a host ending in `.cloudfront.net`",
            "d111111abcdef8.cloudfront.net", List.of("cloudfront.net", "docs.cloudfront.net.example")),

    IPV4("Public IPv4 address", "four decimal octets 0-255 without leading zeros, not part of a longer dotted number; "
            + "`0.0.0.0/8`, loopback `127/8` and `224.0.0.0` and above (multicast, netmasks) are left alone",
            "203.0.113.25", List.of("1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "v1.2.3.4", "255.255.255.0")),
    IPV4_PRIVATE("Private, shared or link-local IPv4 address (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16)",
            "as IPV4, in a private range", "10.0.12.34", List.of("10.0.12", "10.0.12.34.5", "10.0.12.340")),
    IPV6("IPv6 address", "eight groups of 1-4 hex, or fewer with one `::`, optionally ending in an IPv4 address; some group has "
            + "three or more characters or a hex letter, and some group a digit; a compressed address needs two groups, so `::1`, "
            + "`::` and `fe80::` are left alone",
            "2001:db8:85a3::8a2e:370:7334",
            List.of("10:30:00", "12:00", "00:1a:2b:3c:4d:5e", "::1", "dead::beef", "std::vector", "1:2:3:4:5:6:7:8:9"));

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

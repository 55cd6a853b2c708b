package io.catalogsync.masking.detect;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Random identifiers of every catalogue type, each with the context it needs: {@code before + value + after} is
 * the text to plant, {@code value} what the scanner must find as {@code type}.
 */
final class PlantedIdentifiers {

    record Planted(IdentifierType type, String before, String value, String after) {
        String text() {
            return before + value + after;
        }
    }

    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String[] PARTITIONS = {"aws", "aws-cn", "aws-us-gov"};
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "cn-north-1",
        "us-gov-west-1", "sa-east-1"};

    private final Random random;
    private final Map<IdentifierType, Function<Random, Planted>> generators = new EnumMap<>(IdentifierType.class);

    PlantedIdentifiers(Random random) {
        this.random = random;
        arns();
        ec2Ids();
        iam();
        contextual();
        hosts();
        ips();
        for (IdentifierType type : IdentifierType.values()) {
            if (!generators.containsKey(type)) {
                throw new IllegalStateException("no generator for " + type);
            }
        }
    }

    Planted next(IdentifierType type) {
        return generators.get(type).apply(random);
    }

    private void arns() {
        generators.put(IdentifierType.ARN, r -> bare(IdentifierType.ARN, "arn:" + pick(PARTITIONS) + ":" + pick("sns", "sqs", "dynamodb",
                "ec2", "logs", "secretsmanager", "states") + ":" + pick(REGIONS) + ":" + digits(12) + ":" + pick("table/", "", "vpc/",
                "log-group:/aws/", "secret:") + name(3, 20)));
        generators.put(IdentifierType.IAM_ARN, r -> bare(IdentifierType.IAM_ARN, pick(
                "arn:" + pick(PARTITIONS) + ":iam::" + digits(12) + ":role/" + pick("", "service-role/") + name(3, 20),
                "arn:" + pick(PARTITIONS) + ":iam::" + digits(12) + ":user/" + name(3, 12),
                "arn:" + pick(PARTITIONS) + ":sts::" + digits(12) + ":assumed-role/" + name(3, 12) + "/" + name(3, 12))));
        generators.put(IdentifierType.S3_ARN, r -> bare(IdentifierType.S3_ARN, "arn:" + pick(PARTITIONS) + ":s3:::" + bucket()
                + pick("", "/*", "/" + name(2, 10) + "/" + name(2, 10) + ".json")));
        generators.put(IdentifierType.KMS_KEY_ARN, r -> bare(IdentifierType.KMS_KEY_ARN, "arn:" + pick(PARTITIONS) + ":kms:" + pick(REGIONS)
                + ":" + digits(12) + ":" + pick("key/" + uuid(), "alias/" + name(3, 12))));
        generators.put(IdentifierType.LAMBDA_FUNCTION_ARN, r -> bare(IdentifierType.LAMBDA_FUNCTION_ARN, "arn:" + pick(PARTITIONS)
                + ":lambda:" + pick(REGIONS) + ":" + digits(12) + ":function:" + name(3, 20) + pick("", ":PROD", ":$LATEST", ":7")));
    }

    /** Every resource-id prefix of the scanner's table, with each of its lengths. */
    private void ec2Ids() {
        Map<IdentifierType, List<PrefixedIds.Prefix>> byType = new EnumMap<>(IdentifierType.class);
        for (PrefixedIds.Prefix prefix : PrefixedIds.ALL) {
            if (prefix.type() != IdentifierType.KMS_KEY_ID) {
                byType.computeIfAbsent(prefix.type(), t -> new java.util.ArrayList<>()).add(prefix);
            }
        }
        byType.forEach((type, prefixes) -> generators.put(type, r -> {
            PrefixedIds.Prefix prefix = prefixes.get(r.nextInt(prefixes.size()));
            return bare(type, prefix.literal() + hex(prefix.lengths()[r.nextInt(prefix.lengths().length)]));
        }));
    }

    private void iam() {
        generators.put(IdentifierType.IAM_ACCESS_KEY_ID, r -> bare(IdentifierType.IAM_ACCESS_KEY_ID, pick("AKIA", "ASIA") + of(BASE32, 16)));
        generators.put(IdentifierType.IAM_UNIQUE_ID, r -> bare(IdentifierType.IAM_UNIQUE_ID,
                pick("AIDA", "AROA", "AGPA", "AIPA", "ANPA", "ANVA", "APKA", "ASCA", "ACCA", "ABIA") + of(BASE32, 17)));
        generators.put(IdentifierType.IAM_SECRET_ACCESS_KEY, r -> {
            String secret = "aB" + of(BASE64, 38);
            secret = secret.substring(2, 20) + secret.substring(0, 2) + secret.substring(20);
            String label = pick("aws_secret_access_key = ", "\"SecretAccessKey\": \"", "AWS_SECRET_ACCESS_KEY=", "secret_key: ");
            return new Planted(IdentifierType.IAM_SECRET_ACCESS_KEY, label, secret, label.endsWith("\"") ? "\"" : "");
        });
        generators.put(IdentifierType.IAM_SESSION_TOKEN, r -> {
            String label = pick("aws_session_token = ", "\"SessionToken\": \"", "X-Amz-Security-Token: ");
            return new Planted(IdentifierType.IAM_SESSION_TOKEN, label, "IQoJb3JpZ2lu" + of(BASE64, 100 + r.nextInt(300)) + pick("", "=", "=="),
                    label.endsWith("\"") ? "\"" : "");
        });
    }

    private void contextual() {
        generators.put(IdentifierType.ACCOUNT_ID, r -> {
            String value = r.nextInt(5) == 0 ? digits(4) + "-" + digits(4) + "-" + digits(4) : digits(12);
            return pick(
                    new Planted(IdentifierType.ACCOUNT_ID, pick("Account ID: ", "account ", "AccountId=", "aws_account_id = ",
                            "--account-id ", "Owner ID ", "OwnerId: ", "owner account is "), value, ""),
                    new Planted(IdentifierType.ACCOUNT_ID, pick("{\"Account\": \"", "\"AWS\": \"", "\"accountId\":\""), value, "\"}"),
                    new Planted(IdentifierType.ACCOUNT_ID, "https://sqs." + pick(REGIONS) + ".amazonaws.com/", digits(12), "/" + name(3, 12)),
                    new Planted(IdentifierType.ACCOUNT_ID, "", digits(12), ".dkr.ecr." + pick(REGIONS) + ".amazonaws.com/" + name(3, 10)));
        });
        generators.put(IdentifierType.S3_BUCKET, r -> {
            String bucket = bucket();
            String region = pick(REGIONS);
            return pick(
                    new Planted(IdentifierType.S3_BUCKET, pick("s3://", "s3a://"), bucket, pick("", "/", "/" + name(2, 8) + "/x.csv")),
                    new Planted(IdentifierType.S3_BUCKET, "https://", bucket, pick(".s3.amazonaws.com", ".s3." + region + ".amazonaws.com",
                            ".s3-website-" + region + ".amazonaws.com", ".s3.dualstack." + region + ".amazonaws.com") + "/" + name(2, 8)),
                    new Planted(IdentifierType.S3_BUCKET, "https://" + pick("s3.amazonaws.com/", "s3." + region + ".amazonaws.com/"),
                            bucket, pick("", "/", "/" + name(2, 8))));
        });
        generators.put(IdentifierType.KMS_KEY_ID, r -> r.nextBoolean()
                ? new Planted(IdentifierType.KMS_KEY_ID, pick("KmsKeyId: ", "--key-id ", "KMS key ", "\"KeyId\": \"", "key/", "kms key id "), uuid(), "")
                : bare(IdentifierType.KMS_KEY_ID, "mrk-" + hex(32)));
        generators.put(IdentifierType.ROUTE53_ZONE_ID, r -> new Planted(IdentifierType.ROUTE53_ZONE_ID,
                pick("/hostedzone/", "HostedZoneId: ", "--hosted-zone-id ", "hosted zone id "), "Z" + of(UPPER_ALNUM, 10 + r.nextInt(20)), ""));
        generators.put(IdentifierType.CLOUDFRONT_DISTRIBUTION, r -> new Planted(IdentifierType.CLOUDFRONT_DISTRIBUTION,
                pick("distribution ", "DistributionId: ", "--distribution-id ", "CloudFront "), "E" + of(UPPER_ALNUM, 11 + r.nextInt(4)), ""));
    }

    private void hosts() {
        generators.put(IdentifierType.RDS_ENDPOINT, r -> bare(IdentifierType.RDS_ENDPOINT,
                name(3, 12) + "." + pick("", "cluster-", "cluster-ro-") + of(LOWER_ALNUM, 12) + "." + pick(REGIONS) + ".rds.amazonaws.com"));
        generators.put(IdentifierType.ELASTICACHE_ENDPOINT, r -> bare(IdentifierType.ELASTICACHE_ENDPOINT,
                name(3, 12) + "." + of(LOWER_ALNUM, 6) + pick(".ng.0001", ".clustercfg", ".serverless") + ".use1.cache.amazonaws.com"));
        generators.put(IdentifierType.ELB_HOSTNAME, r -> bare(IdentifierType.ELB_HOSTNAME, pick(
                pick("", "internal-") + name(3, 12) + "-" + digits(10) + "." + pick(REGIONS) + ".elb.amazonaws.com",
                name(3, 12) + "-" + hex(16) + ".elb." + pick(REGIONS) + ".amazonaws.com")));
        generators.put(IdentifierType.EKS_ENDPOINT, r -> bare(IdentifierType.EKS_ENDPOINT,
                hex(32).toUpperCase() + "." + pick("gr7", "yl4", "sk1") + "." + pick(REGIONS) + ".eks.amazonaws.com"));
        generators.put(IdentifierType.EKS_CLUSTER_ID, r -> new Planted(IdentifierType.EKS_CLUSTER_ID,
                "https://oidc.eks." + pick(REGIONS) + ".amazonaws.com/id/", hex(32).toUpperCase(), ""));
        generators.put(IdentifierType.API_GATEWAY_ENDPOINT, r -> bare(IdentifierType.API_GATEWAY_ENDPOINT,
                of(LOWER_ALNUM, 10) + ".execute-api." + pick(REGIONS) + ".amazonaws.com"));
        generators.put(IdentifierType.EC2_HOSTNAME, r -> bare(IdentifierType.EC2_HOSTNAME, pick(
                "ip-" + dashedIp() + pick("", ".ec2.internal", "." + pick(REGIONS) + ".compute.internal"),
                "ec2-" + dashedIp() + pick(".compute-1.amazonaws.com", "." + pick(REGIONS) + ".compute.amazonaws.com"))));
        generators.put(IdentifierType.CLOUDFRONT_HOST, r -> bare(IdentifierType.CLOUDFRONT_HOST, "d" + of(LOWER_ALNUM, 13) + ".cloudfront.net"));
    }

    private void ips() {
        generators.put(IdentifierType.IPV4, r -> bare(IdentifierType.IPV4,
                pick("3", "8", "13", "18", "34", "52", "54", "203", "198") + "." + octet() + "." + octet() + "." + octet()));
        generators.put(IdentifierType.IPV4_PRIVATE, r -> bare(IdentifierType.IPV4_PRIVATE, pick(
                "10." + octet(), "172." + (16 + r.nextInt(16)), "192.168") + "." + octet() + "." + octet()));
        generators.put(IdentifierType.IPV6, r -> {
            StringBuilder full = new StringBuilder("2001:db8");
            for (int k = 0; k < 6; k++) {
                full.append(':').append(Integer.toHexString(random.nextInt(0x10000)));
            }
            return bare(IdentifierType.IPV6, pick(full.toString(), "fe80::" + Integer.toHexString(0x100 + r.nextInt(0xff00)) + ":"
                    + Integer.toHexString(r.nextInt(0x10000)), "2600:1f18:" + Integer.toHexString(r.nextInt(0x10000)) + "::"
                    + Integer.toHexString(1 + r.nextInt(0xffff)), "::ffff:10." + octet() + "." + octet() + "." + octet()));
        });
    }

    private static Planted bare(IdentifierType type, String value) {
        return new Planted(type, "", value, "");
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private String of(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int k = 0; k < length; k++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    String digits(int length) {
        return of("0123456789", length);
    }

    String hex(int length) {
        return of("0123456789abcdef", length);
    }

    private String uuid() {
        return hex(8) + "-" + hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12);
    }

    /** Lowercase letters, digits and single inner dashes, starting with a letter. */
    String name(int min, int max) {
        int length = min + random.nextInt(max - min + 1);
        StringBuilder out = new StringBuilder().append((char) ('a' + random.nextInt(26)));
        while (out.length() < length) {
            char c = LOWER_ALNUM.charAt(random.nextInt(LOWER_ALNUM.length()));
            if (random.nextInt(6) == 0 && out.charAt(out.length() - 1) != '-' && out.length() < length - 1) {
                c = '-';
            }
            out.append(c);
        }
        return out.toString();
    }

    private String bucket() {
        return random.nextInt(4) == 0 ? name(3, 10) + "." + name(3, 10) : name(3, 30);
    }

    private int octet() {
        return random.nextInt(256);
    }

    private String dashedIp() {
        return pick("10", "172", "54", "3") + "-" + octet() + "-" + octet() + "-" + octet();
    }
}

package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isAlnum;
import static io.catalogsync.masking.detect.Ascii.isDigit;
import static io.catalogsync.masking.detect.Ascii.isHost;
import static io.catalogsync.masking.detect.Ascii.isLower;
import static io.catalogsync.masking.detect.Ascii.isWord;

/**
 * Host names that identify a resource: RDS, ElastiCache, ELB, EKS, API Gateway and CloudFront endpoints, EC2 DNS
 * names, S3 buckets in virtual-hosted and path-style URLs, and the account id in ECR registry hosts and in
 * {@code amazonaws.com/<account>/} paths (SQS queue URLs).
 *
 * <p>A host is read once, from the first character of a run of host characters ({@code [A-Za-z0-9.-]}), so the
 * cost is linear; only a run ending in a known suffix is split into labels. Plain service endpoints
 * ({@code sts.us-east-1.amazonaws.com}) name no resource and are left alone.
 */
final class Hosts {

    private static final String AMAZONAWS = ".amazonaws.com";
    private static final String AMAZONAWS_CN = ".amazonaws.com.cn";

    private Hosts() {
    }

    /**
     * Matches the host starting at {@code at}, the first character of a run of host characters; {@code alnumEnd}
     * is where the run of ASCII letters and digits starting at {@code at} ends (the caller has read it: no dot in it).
     */
    static void match(CharSequence s, int at, int alnumEnd, Scan scan) {
        int n = s.length();
        int runEnd = alnumEnd;
        boolean dot = false;
        while (runEnd < n) {
            char c = s.charAt(runEnd);
            if (!isHost(c)) {
                break;
            }
            dot |= c == '.';
            runEnd++;
        }
        if (runEnd < n && isWord(s.charAt(runEnd))) {
            return;
        }
        int end = runEnd;
        while (end > at && !isAlnum(s.charAt(end - 1))) {
            end--;
        }
        if (end - at < 4) {
            return;
        }
        if (!dot) {
            // Every suffix below starts with '.': a run without one (an ordinary word) can only be ip-10-0-0-1.
            if (Ascii.startsWithIgnoreCase(s, at, "ip-") && isDashedIpv4(s, at + 3, end)) {
                scan.offer(at, end, IdentifierType.EC2_HOSTNAME);
            }
        } else if (endsWith(s, at, end, AMAZONAWS)) {
            amazonaws(s, at, end - AMAZONAWS.length(), end, runEnd, scan);
        } else if (endsWith(s, at, end, AMAZONAWS_CN)) {
            amazonaws(s, at, end - AMAZONAWS_CN.length(), end, runEnd, scan);
        } else if (endsWith(s, at, end, ".signin.aws.amazon.com") || endsWith(s, at, end, ".signin.amazonaws.cn")
                || endsWith(s, at, end, ".signin.amazonaws-us-gov.com")) {
            // The console sign-in URL of an account: https://123456789012.signin.aws.amazon.com/console
            int label = at;
            while (label < end && s.charAt(label) != '.') {
                label++;
            }
            if (Ascii.isDigits(s, at, label, 12)) {
                scan.offer(at, label, IdentifierType.ACCOUNT_ID);
            }
        } else if (endsWith(s, at, end, ".cloudfront.net")) {
            scan.offer(at, end, IdentifierType.CLOUDFRONT_HOST);
        } else if (endsWith(s, at, end, ".compute.internal") || endsWith(s, at, end, ".ec2.internal")) {
            scan.offer(at, end, IdentifierType.EC2_HOSTNAME);
        } else if (Ascii.startsWithIgnoreCase(s, at, "ip-") && isDashedIpv4(s, at + 3, end)) {
            scan.offer(at, end, IdentifierType.EC2_HOSTNAME);
        }
    }

    /** Whether {@code [at, end)} ends with {@code suffix} (ignoring case) and has a non-empty label before it. */
    private static boolean endsWith(CharSequence s, int at, int end, String suffix) {
        int from = end - suffix.length();
        return from > at && s.charAt(from - 1) != '.' && Ascii.startsWithIgnoreCase(s, from, suffix);
    }

    /** A host under {@code amazonaws.com}: {@code [at, base)} holds the labels before it. */
    private static void amazonaws(CharSequence s, int at, int base, int end, int runEnd, Scan scan) {
        Labels labels = Labels.of(s, at, base);
        if (labels == null) {
            return;
        }
        int k = labels.count();
        int s3 = s3Label(s, labels);
        if (s3 > 0) {
            if (s3 == 1 && labels.equals(s, 1, "s3-control") && labels.isDigits(s, 0, 12)) {
                scan.offer(labels.start(0), labels.end(0), IdentifierType.ACCOUNT_ID);
                return;
            }
            int bucketEnd = labels.end(s3 - 1);
            // logging.s3.amazonaws.com and batchoperations.s3.amazonaws.com are S3's service principals in policies.
            boolean servicePrincipal = k == 2 && (labels.equals(s, 0, "logging") || labels.equals(s, 0, "batchoperations"));
            if (!servicePrincipal && isBucket(s, at, bucketEnd)) {
                scan.offer(at, bucketEnd, IdentifierType.S3_BUCKET);
            }
            return;
        }
        if (s3 == 0) {
            pathStyleBucket(s, end, runEnd, scan);
            return;
        }
        if (k == 4 && labels.equals(s, 1, "dkr") && labels.equals(s, 2, "ecr") && labels.isDigits(s, 0, 12)) {
            scan.offer(labels.start(0), labels.end(0), IdentifierType.ACCOUNT_ID);
            return;
        }
        if ((labels.equals(s, k - 1, "compute") || labels.equals(s, k - 1, "compute-1")) && k >= 2
                && Ascii.startsWithIgnoreCase(s, at, "ec2-") && isDashedIpv4(s, at + 4, labels.end(0))) {
            scan.offer(at, end, IdentifierType.EC2_HOSTNAME);
            return;
        }
        if (labels.equals(s, 0, "oidc") && service(s, labels, "eks") == 1) {
            eksOidcId(s, end, runEnd, scan);
        } else if (service(s, labels, "rds") >= 1) {
            scan.offer(at, end, IdentifierType.RDS_ENDPOINT);
        } else if (service(s, labels, "cache") >= 1) {
            scan.offer(at, end, IdentifierType.ELASTICACHE_ENDPOINT);
        } else if (service(s, labels, "elb") >= 1) {
            scan.offer(at, end, IdentifierType.ELB_HOSTNAME);
        } else if (service(s, labels, "eks") >= 1) {
            scan.offer(at, end, IdentifierType.EKS_ENDPOINT);
        } else if (service(s, labels, "execute-api") >= 1) {
            scan.offer(at, end, IdentifierType.API_GATEWAY_ENDPOINT);
        } else {
            accountInPath(s, end, runEnd, scan);
        }
    }

    /**
     * The index of the label naming a service: the last label ({@code x.us-east-1.rds}) or the one before a
     * region ({@code x.elb.us-west-2}, {@code x.rds.cn-north-1} in China); -1 when there is none.
     */
    private static int service(CharSequence s, Labels labels, String name) {
        int k = labels.count();
        if (labels.equals(s, k - 1, name)) {
            return k - 1;
        }
        if (k >= 2 && labels.equals(s, k - 2, name) && isRegion(s, labels.start(k - 1), labels.end(k - 1))) {
            return k - 2;
        }
        return -1;
    }

    /**
     * The index of the S3 label ({@code s3}, {@code s3-website-us-east-1}, {@code s3-accelerate}, ...) followed only
     * by a region, {@code dualstack} or {@code fips}; -1 when there is none. The leftmost such label wins, so a
     * bucket named {@code my.s3.data} keeps its own {@code s3}.
     */
    private static int s3Label(CharSequence s, Labels labels) {
        int k = labels.count();
        for (int j = 0; j < k; j++) {
            if (!labels.equals(s, j, "s3") && !Ascii.startsWithIgnoreCase(s, labels.start(j), "s3-")) {
                continue;
            }
            boolean onlyQualifiers = k - j - 1 <= 3;
            for (int q = j + 1; q < k && onlyQualifiers; q++) {
                onlyQualifiers = labels.equals(s, q, "dualstack") || labels.equals(s, q, "fips")
                        || isRegion(s, labels.start(q), labels.end(q));
            }
            if (onlyQualifiers) {
                return j;
            }
        }
        return -1;
    }

    /** {@code s3.amazonaws.com/<bucket>} and {@code s3.<region>.amazonaws.com/<bucket>}: the bucket after the host. */
    private static void pathStyleBucket(CharSequence s, int end, int runEnd, Scan scan) {
        int n = s.length();
        if (end != runEnd || end >= n || s.charAt(end) != '/') {
            return;
        }
        int from = end + 1;
        int to = from;
        while (to < n && to - from <= 64 && (isLower(s.charAt(to)) || isDigit(s.charAt(to)) || s.charAt(to) == '.' || s.charAt(to) == '-')) {
            to++;
        }
        while (to > from && s.charAt(to - 1) == '.') {
            to--;
        }
        if (to < n && (isWord(s.charAt(to)) || (s.charAt(to) == '.' && to + 1 < n && isAlnum(s.charAt(to + 1))))) {
            return;
        }
        // http://s3.amazonaws.com/doc/2006-03-01/ is the XML namespace of S3's API, not a bucket named "doc".
        if (isBucket(s, from, to) && !(Ascii.equalsIgnoreCase(s, from, to, "doc") && to + 1 < n && s.charAt(to) == '/'
                && isDigit(s.charAt(to + 1)))) {
            scan.offer(from, to, IdentifierType.S3_BUCKET);
        }
    }

    /** {@code oidc.eks.us-west-2.amazonaws.com/id/<32 hex>}: the cluster's OIDC issuer id after the regional host. */
    private static void eksOidcId(CharSequence s, int end, int runEnd, Scan scan) {
        int n = s.length();
        int from = end + 4;
        if (end != runEnd || !Ascii.startsWith(s, end, "/id/") || from + 32 > n) {
            return;
        }
        for (int p = from; p < from + 32; p++) {
            if (!Ascii.isHex(s.charAt(p))) {
                return;
            }
        }
        if (from + 32 < n && isWord(s.charAt(from + 32))) {
            return;
        }
        scan.offer(from, from + 32, IdentifierType.EKS_CLUSTER_ID);
    }

    /** {@code sqs.us-east-1.amazonaws.com/123456789012/queue}: the account id path segment after an AWS host. */
    private static void accountInPath(CharSequence s, int end, int runEnd, Scan scan) {
        int n = s.length();
        if (end != runEnd || end + 13 > n || s.charAt(end) != '/' || !Ascii.isDigits(s, end + 1, end + 13, 12)) {
            return;
        }
        if (end + 13 < n && (isWord(s.charAt(end + 13)) || s.charAt(end + 13) == '.' || s.charAt(end + 13) == '-')) {
            return;
        }
        scan.offer(end + 1, end + 13, IdentifierType.ACCOUNT_ID);
    }

    /** S3 bucket naming rules: 3-63 of {@code [a-z0-9.-]}, starting and ending with a letter or digit. */
    static boolean isBucket(CharSequence s, int from, int to) {
        int length = to - from;
        if (length < 3 || length > 63 || !isAlnum(s.charAt(from)) || !isAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int p = from; p < to; p++) {
            char c = Ascii.lower(s.charAt(p));
            if (!isLower(c) && !isDigit(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** A region code: {@code us-east-1}, {@code us-gov-west-1}, {@code cn-north-1}, {@code ap-southeast-2}. */
    static boolean isRegion(CharSequence s, int from, int to) {
        if (to - from < 6 || !isLower(s.charAt(from)) || !isLower(s.charAt(from + 1)) || s.charAt(from + 2) != '-') {
            return false;
        }
        int p = from + 2;
        int words = 0;
        while (p < to && s.charAt(p) == '-' && p + 1 < to && isLower(s.charAt(p + 1))) {
            p++;
            while (p < to && isLower(s.charAt(p))) {
                p++;
            }
            words++;
        }
        if (words == 0 || p >= to || s.charAt(p) != '-') {
            return false;
        }
        p++;
        int digits = 0;
        while (p < to && isDigit(s.charAt(p))) {
            p++;
            digits++;
        }
        return p == to && digits >= 1 && digits <= 2;
    }

    /** {@code 10-0-1-23} in {@code [from, to)}: four strict octets joined by dashes (EC2 DNS names). */
    static boolean isDashedIpv4(CharSequence s, int from, int to) {
        int p = from;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (p >= to || s.charAt(p) != '-') {
                    return false;
                }
                p++;
            }
            int start = p;
            int value = 0;
            while (p < to && isDigit(s.charAt(p)) && p - start < 4) {
                value = value * 10 + (s.charAt(p) - '0');
                p++;
            }
            int digits = p - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
        }
        return p == to;
    }

    /** The labels of a host name, as offsets; made only for hosts with a known suffix. */
    private static final class Labels {
        private final int[] bounds;

        private Labels(int[] bounds) {
            this.bounds = bounds;
        }

        /** The labels of {@code [from, to)}, or null when one is empty or does not start with a letter or digit. */
        static Labels of(CharSequence s, int from, int to) {
            int count = 1;
            for (int p = from; p < to; p++) {
                if (s.charAt(p) == '.') {
                    count++;
                }
            }
            int[] bounds = new int[count * 2];
            int label = 0;
            int start = from;
            for (int p = from; p <= to; p++) {
                if (p == to || s.charAt(p) == '.') {
                    if (p == start || !isAlnum(s.charAt(start))) {
                        return null;
                    }
                    bounds[label * 2] = start;
                    bounds[label * 2 + 1] = p;
                    label++;
                    start = p + 1;
                }
            }
            return new Labels(bounds);
        }

        int count() {
            return bounds.length / 2;
        }

        int start(int label) {
            return bounds[label * 2];
        }

        int end(int label) {
            return bounds[label * 2 + 1];
        }

        boolean equals(CharSequence s, int label, String lowerName) {
            return label >= 0 && label < count() && Ascii.equalsIgnoreCase(s, start(label), end(label), lowerName);
        }

        boolean isDigits(CharSequence s, int label, int count) {
            return Ascii.isDigits(s, start(label), end(label), count);
        }
    }
}

package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isAlnum;
import static io.catalogsync.masking.detect.Ascii.isDigit;
import static io.catalogsync.masking.detect.Ascii.isLower;

/**
 * ARNs, {@code arn:partition:service:region:account:resource}
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), masked whole: the account and the
 * resource inside are part of the ARN, not detections of their own. The service picks the type, so the token
 * still says what kind of resource the ARN names.
 *
 * <p>Everything before the resource is short and bounded; the resource runs to the first character that cannot
 * be in one, and a trailing {@code .} or {@code :} is sentence punctuation, not ARN.
 */
final class Arns {

    private static final int MAX_PARTITION = 16;
    private static final int MAX_SERVICE = 40;
    private static final int MAX_REGION = 32;

    private Arns() {
    }

    static void match(CharSequence s, int at, Scan scan) {
        int n = s.length();
        if (!Ascii.startsWith(s, at, "arn:aws")) {
            return;
        }
        // partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...
        int p = at + 7;
        while (p < n && s.charAt(p) == '-' && p - at - 4 < MAX_PARTITION) {
            int q = p + 1;
            while (q < n && isLower(s.charAt(q))) {
                q++;
            }
            if (q == p + 1) {
                return;
            }
            p = q;
        }
        if (p >= n || s.charAt(p) != ':') {
            return;
        }
        int serviceStart = ++p;
        while (p < n && p - serviceStart < MAX_SERVICE && isServiceChar(s.charAt(p))) {
            p++;
        }
        int serviceEnd = p;
        if (serviceEnd == serviceStart || p >= n || s.charAt(p) != ':') {
            return;
        }
        int regionStart = ++p;
        while (p < n && p - regionStart < MAX_REGION && isServiceChar(s.charAt(p))) {
            p++;
        }
        if (p >= n || s.charAt(p) != ':') {
            return;
        }
        int accountStart = ++p;
        while (p < n && p - accountStart < 13 && (isDigit(s.charAt(p)) || isLower(s.charAt(p)) || s.charAt(p) == '*')) {
            p++;
        }
        if (p >= n || s.charAt(p) != ':' || !isAccountField(s, accountStart, p)) {
            return;
        }
        int resourceStart = ++p;
        while (p < n && isResourceChar(s.charAt(p))) {
            p++;
        }
        while (p > resourceStart && (s.charAt(p - 1) == '.' || s.charAt(p - 1) == ':')) {
            p--;
        }
        if (p == resourceStart) {
            return;
        }
        scan.offer(at, p, classify(s, serviceStart, serviceEnd, resourceStart));
    }

    /** Empty (S3 and other global resources), a 12-digit account, {@code aws} (AWS-managed) or a wildcard. */
    private static boolean isAccountField(CharSequence s, int from, int to) {
        return to == from
                || Ascii.isDigits(s, from, to, 12)
                || Ascii.equalsIgnoreCase(s, from, to, "aws")
                || (to - from == 1 && s.charAt(from) == '*');
    }

    private static IdentifierType classify(CharSequence s, int serviceStart, int serviceEnd, int resourceStart) {
        if (Ascii.equalsIgnoreCase(s, serviceStart, serviceEnd, "iam") || Ascii.equalsIgnoreCase(s, serviceStart, serviceEnd, "sts")) {
            return IdentifierType.IAM_ARN;
        }
        if (Ascii.equalsIgnoreCase(s, serviceStart, serviceEnd, "s3")) {
            return IdentifierType.S3_ARN;
        }
        if (Ascii.equalsIgnoreCase(s, serviceStart, serviceEnd, "kms")) {
            return IdentifierType.KMS_KEY_ARN;
        }
        if (Ascii.equalsIgnoreCase(s, serviceStart, serviceEnd, "lambda") && Ascii.startsWith(s, resourceStart, "function:")) {
            return IdentifierType.LAMBDA_FUNCTION_ARN;
        }
        return IdentifierType.ARN;
    }

    private static boolean isServiceChar(char c) {
        return isDigit(c) || isLower(c) || c == '-';
    }

    /** Resource names and paths: IAM names allow {@code +=,.@-_}; paths use {@code /} and {@code :}; policies use {@code *}. */
    private static boolean isResourceChar(char c) {
        return isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '+' || c == '='
                || c == '@' || c == '*' || c == '$';
    }
}

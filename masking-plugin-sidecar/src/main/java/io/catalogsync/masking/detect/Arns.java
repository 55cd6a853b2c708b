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
        // "arn:aws", or "arn%3Aaws" in a percent-encoded URL (a console link): every ':' may be spelt %3A.
        if (!Ascii.startsWith(s, at, "arn")) {
            return;
        }
        int p = at + 3;
        int colon = colon(s, p);
        if (colon == 0 || !Ascii.startsWith(s, p + colon, "aws")) {
            return;
        }
        // partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...
        p += colon + 3;
        int partitionStart = p;
        while (p < n && s.charAt(p) == '-' && p - partitionStart < MAX_PARTITION) {
            int q = p + 1;
            while (q < n && isLower(s.charAt(q))) {
                q++;
            }
            if (q == p + 1) {
                return;
            }
            p = q;
        }
        if ((colon = colon(s, p)) == 0) {
            return;
        }
        p += colon;
        int serviceStart = p;
        while (p < n && p - serviceStart < MAX_SERVICE && isServiceChar(s.charAt(p))) {
            p++;
        }
        int serviceEnd = p;
        if (serviceEnd == serviceStart || (colon = colon(s, p)) == 0) {
            return;
        }
        p += colon;
        // region: empty (global services), a region code, or a wildcard in a policy (arn:aws:logs:*:...)
        int regionStart = p;
        while (p < n && p - regionStart < MAX_REGION && (isServiceChar(s.charAt(p)) || s.charAt(p) == '*')) {
            p++;
        }
        if ((colon = colon(s, p)) == 0) {
            return;
        }
        p += colon;
        int accountStart = p;
        while (p < n && p - accountStart < 13 && (isDigit(s.charAt(p)) || isLower(s.charAt(p)) || s.charAt(p) == '*')) {
            p++;
        }
        if ((colon = colon(s, p)) == 0 || !isAccountField(s, accountStart, p)) {
            return;
        }
        p += colon;
        int resourceStart = p;
        while (p < n) {
            int length = resourceCharLength(s, p);
            if (length == 0) {
                break;
            }
            p += length;
        }
        while (p > resourceStart && (s.charAt(p - 1) == '.' || s.charAt(p - 1) == ':')) {
            p--;
        }
        if (p == resourceStart) {
            return;
        }
        scan.offer(at, p, classify(s, serviceStart, serviceEnd, resourceStart));
    }

    /** The length of the ARN field separator at {@code p}: {@code :} is 1, {@code %3A} 3, anything else 0. */
    private static int colon(CharSequence s, int p) {
        int n = s.length();
        if (p < n && s.charAt(p) == ':') {
            return 1;
        }
        if (p + 3 <= n && s.charAt(p) == '%' && s.charAt(p + 1) == '3' && (s.charAt(p + 2) == 'A' || s.charAt(p + 2) == 'a')) {
            return 3;
        }
        return 0;
    }

    /**
     * The length of the resource character at {@code p}, or 0 at the resource's end. Resource names and paths:
     * IAM names allow {@code +=,.@-_}; paths use {@code /} and {@code :}; policies use {@code *}; Lambda versions
     * {@code $LATEST}. Also {@code \/} (JSON may escape the slash), {@code %XX} (percent-encoded) and log streams'
     * {@code [$LATEST]}. A template interpolation ({@code ${var.bucket}}, {@code ${aws:username}}) ends it: the
     * template must reach the model intact, and it names no resource.
     */
    private static int resourceCharLength(CharSequence s, int p) {
        char c = s.charAt(p);
        if (isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '+' || c == '='
                || c == '@' || c == '*') {
            return 1;
        }
        int n = s.length();
        if (c == '$') {
            return p + 1 < n && s.charAt(p + 1) == '{' ? 0 : 1;
        }
        if (c == '\\') {
            if (p + 1 < n && s.charAt(p + 1) == '/') {
                return 2;
            }
            // \u002f and the like: an escaped character of the resource, in JSON written by an escaping encoder
            if (p + 6 <= n && s.charAt(p + 1) == 'u') {
                int v = 0;
                for (int k = p + 2; k < p + 6; k++) {
                    int d = Character.digit(s.charAt(k), 16);
                    if (d < 0 || s.charAt(k) >= 128) {
                        return 0;
                    }
                    v = v * 16 + d;
                }
                return v < 128 && v != '$' && v != '[' && v != '\\' && resourceCharLength(String.valueOf((char) v), 0) == 1 ? 6 : 0;
            }
            return 0;
        }
        if (c == '%') {
            return p + 3 <= n && Ascii.isHex(s.charAt(p + 1)) && Ascii.isHex(s.charAt(p + 2)) ? 3 : 0;
        }
        if (c == '[') {
            return Ascii.startsWith(s, p, "[$LATEST]") ? 9 : 0;
        }
        return 0;
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
}

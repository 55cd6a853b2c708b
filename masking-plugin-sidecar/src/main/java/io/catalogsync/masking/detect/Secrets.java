package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isBase64;
import static io.catalogsync.masking.detect.Ascii.isLower;
import static io.catalogsync.masking.detect.Ascii.isUpper;
import static io.catalogsync.masking.detect.Ascii.isUpperAlnum;
import static io.catalogsync.masking.detect.Ascii.isWord;

/**
 * Secret access keys and session tokens. Their shape (base64) is shared by hashes, JWT parts and ordinary
 * encoded data, so the shape is never enough: a secret access key is exactly 40 base64 characters with both
 * cases of letters (hex digests have one), and must sit next to an access key id (within
 * {@link #NEAR} characters before or after it) or after a secret label ({@code aws_secret_access_key},
 * {@code SecretAccessKey}); a session token is 100 or more base64 characters after a session-token label.
 *
 * <p>The caller starts here only at the first character of a base64 run, so each run is read once.
 */
final class Secrets {

    static final int NEAR = 48;
    private static final int SECRET_LENGTH = 40;
    private static final int MIN_SESSION_TOKEN = 100;

    private Secrets() {
    }

    /**
     * @param accessKeyEnd where the last detected access key id ended, or a large negative number
     */
    static void match(CharSequence s, int at, int alnumEnd, int accessKeyEnd, Scan scan) {
        int n = s.length();
        // A run of fewer than 40 letters and digits that no '+', '/' or '%' continues is shorter than both kinds
        // (the same test as below, without reading the run again).
        if (alnumEnd - at < SECRET_LENGTH && (alnumEnd >= n || !isBase64OrPercent(s.charAt(alnumEnd)))) {
            return;
        }
        // Both kinds are at least 40 characters long: a shorter run (any ordinary word) ends before character 40,
        // which rules it out without reading it ('%' may be the start of an escape inside a URL-encoded token).
        if (at + SECRET_LENGTH > n || !(isBase64(s.charAt(at + SECRET_LENGTH - 1)) || s.charAt(at + SECRET_LENGTH - 1) == '%')) {
            return;
        }
        int end = at;
        boolean upper = false;
        boolean lower = false;
        while (end < n && isBase64(s.charAt(end)) && end - at <= SECRET_LENGTH) {
            upper |= isUpper(s.charAt(end));
            lower |= isLower(s.charAt(end));
            end++;
        }
        if (end - at == SECRET_LENGTH && (end == n || !isBase64OrPad(s.charAt(end))) && upper && lower && !startsWithPathSegment(s, at)
                && (at - accessKeyEnd <= NEAR && at >= accessKeyEnd
                    || Context.SECRET_ACCESS_KEY.precedes(s, at)
                    || accessKeyIdWithin(s, end, Math.min(n, end + NEAR)))) {
            scan.offer(at, end, IdentifierType.IAM_SECRET_ACCESS_KEY);
            return;
        }
        if (end - at < SECRET_LENGTH && (end >= n || s.charAt(end) != '%')) {
            return;
        }
        // A session token: base64, or in a presigned URL's X-Amz-Security-Token its percent-encoded form
        // (%2B, %2F, %3D for '+', '/', '=').
        while (end < n) {
            char c = s.charAt(end);
            if (isBase64(c)) {
                end++;
            } else if (c == '%' && isEncodedBase64(s, end)) {
                end += 3;
            } else {
                break;
            }
        }
        while (end < n && s.charAt(end) == '=') {
            end++;
        }
        if (end - at >= MIN_SESSION_TOKEN && (end == n || !isWord(s.charAt(end))) && Context.SESSION_TOKEN.precedes(s, at)) {
            scan.offer(at, end, IdentifierType.IAM_SESSION_TOKEN);
        }
    }

    /**
     * {@code /hostedzone/Z...}: a path that happens to be 40 base64 characters long, not a secret. Random base64
     * starts with a slash, four or more lowercase letters and another slash about once in 10^8 keys.
     */
    private static boolean startsWithPathSegment(CharSequence s, int at) {
        if (s.charAt(at) != '/') {
            return false;
        }
        int p = at + 1;
        while (p < at + SECRET_LENGTH && isLower(s.charAt(p))) {
            p++;
        }
        return p - at - 1 >= 4 && s.charAt(p) == '/';
    }

    /** {@code %2B}, {@code %2F} or {@code %3D} at {@code p}, either case. */
    private static boolean isEncodedBase64(CharSequence s, int p) {
        if (p + 3 > s.length()) {
            return false;
        }
        char a = s.charAt(p + 1);
        char b = Ascii.lower(s.charAt(p + 2));
        return (a == '2' && (b == 'b' || b == 'f')) || (a == '3' && b == 'd');
    }

    private static boolean isBase64OrPercent(char c) {
        return isBase64(c) || c == '%';
    }

    private static boolean isBase64OrPad(char c) {
        return isBase64(c) || c == '=';
    }

    /** Whether an access key id ({@code AKIA}/{@code ASIA} + 16) starts as a whole word in {@code [from, to)}. */
    private static boolean accessKeyIdWithin(CharSequence s, int from, int to) {
        for (int p = from; p + 20 <= s.length() && p < to; p++) {
            if (s.charAt(p) == 'A' && (p == 0 || !isWord(s.charAt(p - 1)))
                    && (Ascii.startsWith(s, p, "AKIA") || Ascii.startsWith(s, p, "ASIA"))) {
                int q = p + 4;
                while (q < p + 20 && isUpperAlnum(s.charAt(q))) {
                    q++;
                }
                if (q == p + 20 && (q == s.length() || !isWord(s.charAt(q)))) {
                    return true;
                }
            }
        }
        return false;
    }
}

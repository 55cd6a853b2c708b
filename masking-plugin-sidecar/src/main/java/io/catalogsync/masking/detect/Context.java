package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isAlnum;
import static io.catalogsync.masking.detect.Ascii.lower;

/**
 * The words that must precede an identifier whose shape alone proves nothing: a 12-digit number is an account id
 * only after "Account ID:", {@code "AccountId": "}, {@code aws_account_id =} or {@code --owner-ids}; a UUID is a
 * KMS key id only after a key word; a 40-character base64 string is a secret key only after its label.
 *
 * <p>Looking back from the candidate, it skips separators ({@code : = " ' ` # ( [ { , / | > *} and white space) and
 * up to three filler words ("id", "number", "is", ...), and accepts when the next word, with {@code _} and
 * {@code -} removed and lowercased, ends with one of the keywords (or equals one of the exact words). The look
 * back stops after 64 characters, and only shaped candidates are looked back from, so the cost stays linear.
 */
final class Context {

    static final int WINDOW = 64;
    private static final int MAX_FILLERS = 3;
    private static final String[] FILLERS = {"", "id", "ids", "is", "was", "no", "num", "number", "of", "the", "a", "for", "value"};

    static final Context ACCOUNT = new Context(
            new String[] {"account", "accounts", "accountid", "accountids", "accountnumber", "acct", "acctid",
                "owner", "ownerid", "ownerids", "owneraccount", "principal"},
            new String[] {"aws"});
    static final Context KMS_KEY = new Context(
            new String[] {"keyid", "kmskey", "kmskeyid", "kmskeyids", "kmsmasterkeyid", "cmk", "cmkid", "kms"},
            new String[] {"key", "keys"});
    static final Context SECRET_ACCESS_KEY = new Context(
            new String[] {"secretaccesskey", "secretkey", "awssecret", "secretaccesskeyid"},
            new String[0]);
    static final Context SESSION_TOKEN = new Context(
            new String[] {"sessiontoken", "securitytoken"},
            new String[0]);
    static final Context HOSTED_ZONE = new Context(
            new String[] {"hostedzone", "hostedzoneid", "hostedzoneids", "hostedzones", "zoneid", "route53zone", "dnszone"},
            new String[] {"zone"});
    static final Context DISTRIBUTION = new Context(
            new String[] {"distribution", "distributionid", "distributionids", "distributions", "cloudfront",
                "cloudfrontid", "cloudfrontdistribution"},
            new String[0]);

    private final String[] suffixes;
    private final String[] exact;

    private Context(String[] suffixes, String[] exact) {
        this.suffixes = suffixes;
        this.exact = exact;
    }

    /** Whether the text just before {@code at} names this kind of identifier. */
    boolean precedes(CharSequence s, int at) {
        int limit = Math.max(0, at - WINDOW);
        int q = at;
        int fillers = 0;
        while (true) {
            while (q > limit && isSeparator(s.charAt(q - 1))) {
                q--;
            }
            int end = q;
            while (q > limit && isWordChar(s.charAt(q - 1))) {
                q--;
            }
            if (q == end || (q == limit && limit > 0 && isWordChar(s.charAt(q - 1)))) {
                return false;
            }
            if (matches(s, q, end)) {
                return true;
            }
            if (!isOneOf(s, q, end, FILLERS) || ++fillers > MAX_FILLERS) {
                return false;
            }
        }
    }

    private boolean matches(CharSequence s, int from, int to) {
        for (String keyword : suffixes) {
            if (normalisedEndsWith(s, from, to, keyword)) {
                return true;
            }
        }
        return isOneOf(s, from, to, exact);
    }

    private static boolean isOneOf(CharSequence s, int from, int to, String[] words) {
        for (String word : words) {
            if (normalisedEndsWith(s, from, to, word) && normalisedLength(s, from, to) == word.length()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the word, without {@code _} and {@code -} and lowercased, ends with {@code keyword}. */
    private static boolean normalisedEndsWith(CharSequence s, int from, int to, String keyword) {
        int k = keyword.length();
        int p = to;
        while (k > 0) {
            while (p > from && !isAlnum(s.charAt(p - 1))) {
                p--;
            }
            if (p == from || lower(s.charAt(p - 1)) != keyword.charAt(k - 1)) {
                return false;
            }
            p--;
            k--;
        }
        return true;
    }

    private static int normalisedLength(CharSequence s, int from, int to) {
        int length = 0;
        for (int p = from; p < to; p++) {
            if (isAlnum(s.charAt(p))) {
                length++;
            }
        }
        return length;
    }

    private static boolean isWordChar(char c) {
        return isAlnum(c) || c == '_' || c == '-';
    }

    private static boolean isSeparator(char c) {
        switch (c) {
            case ' ', '\t', '\n', '\r', ':', '=', '"', '\'', '`', '#', '(', '[', '{', ',', '/', '|', '>', '*':
                return true;
            default:
                return false;
        }
    }
}

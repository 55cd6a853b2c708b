package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isAlnum;
import static io.catalogsync.masking.detect.Ascii.lower;

import java.util.ArrayList;
import java.util.List;

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
    /** Every context below, in declaration order (each registers itself): the label words a caller may test for. */
    private static final List<Context> ALL = new ArrayList<>();
    private static final int MAX_FILLERS = 3;
    private static final String[] FILLERS = {"", "id", "ids", "is", "was", "no", "num", "number", "of", "the", "a", "for", "value"};

    static final Context ACCOUNT = new Context(
            new String[] {"account", "accounts", "accountid", "accountids", "accountnumber", "acct", "acctid",
                "owner", "owners", "ownerid", "ownerids", "owneraccount", "principal", "principals", "userid", "userids",
                // Chinese, Japanese and Korean labels, glued to the id or to "ID" as such text writes them
                "账户", "账号", "帐户", "帐号", "账户id", "账号id", "帐户id", "帐号id", "アカウント", "アカウントid",
                "アカウント番号", "계정", "계정id"},
            new String[] {"aws"}, new String[0]);
    /**
     * A UUID is a KMS key only where KMS is named ({@code KmsKeyId}, {@code kms key}, {@code --key-id} of the
     * KMS CLI, {@code KeyId}); a bare "key" (an idempotency, cache or primary key) is not enough.
     */
    static final Context KMS_KEY = new Context(
            new String[] {"kmskey", "kmskeyid", "kmskeyids", "kmsmasterkeyid", "cmk", "cmkid", "kms", "targetkeyid",
                "sourcekeyid", "destinationkeyid", "kmskeyarn", "kms密钥", "kmsキー"},
            new String[] {"keyid", "keyids"}, new String[] {"key", "keys"});
    static final Context ACCESS_KEY_ID = new Context(
            new String[] {"accesskeyid", "accesskey"},
            new String[0], new String[0]);
    static final Context SECRET_ACCESS_KEY = new Context(
            new String[] {"secretaccesskey", "secretkey", "awssecret", "secretaccesskeyid"},
            new String[0], new String[0]);
    static final Context SESSION_TOKEN = new Context(
            new String[] {"sessiontoken", "securitytoken"},
            new String[0], new String[0]);
    static final Context HOSTED_ZONE = new Context(
            new String[] {"hostedzone", "hostedzoneid", "hostedzoneids", "hostedzones", "zoneid", "route53zone", "dnszone"},
            new String[] {"zone"}, new String[0]);
    static final Context DISTRIBUTION = new Context(
            new String[] {"distribution", "distributionid", "distributionids", "distributions", "cloudfront",
                "cloudfrontid", "cloudfrontdistribution"},
            new String[0], new String[0]);

    private final String[] suffixes;
    private final String[] exact;
    /** Words skipped like the common fillers, for this kind only ("kms key id"). */
    private final String[] fillers;

    private Context(String[] suffixes, String[] exact, String[] fillers) {
        this.suffixes = suffixes;
        this.exact = exact;
        this.fillers = fillers;
        ALL.add(this);
    }

    /**
     * Whether the normalised form of {@code text} (letters lowercased, {@code _} and {@code -} dropped, as a label
     * word is compared) holds a keyword or exact word of any context anywhere: a text without one cannot be the
     * label of any identifier, wherever it stands. Meant for short texts (JSON field names).
     */
    static boolean containsLabelWord(CharSequence text) {
        int n = 0;
        char[] normalised = new char[text.length()];
        for (int p = 0; p < text.length(); p++) {
            char c = text.charAt(p);
            if (isKeyChar(c)) {
                normalised[n++] = lower(c);
            }
        }
        for (int from = 0; from < n; from++) {
            char c = normalised[from];
            String[] words = c < 128 ? LABEL_WORDS_BY_FIRST[c] : LABEL_WORDS_OTHER;
            for (String word : words) {
                if (word.length() <= n - from && startsWith(normalised, from, word)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every keyword and exact word of every context (for the tests that check {@link #containsLabelWord}). */
    static List<String> labelWords() {
        List<String> words = new ArrayList<>();
        for (String[] byFirst : LABEL_WORDS_BY_FIRST) {
            words.addAll(List.of(byFirst));
        }
        words.addAll(List.of(LABEL_WORDS_OTHER));
        return words;
    }

    private static boolean startsWith(char[] chars, int from, String word) {
        for (int k = 0; k < word.length(); k++) {
            if (chars[from + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The keywords and exact words of every context by their first character (ASCII), and the others. */
    private static final String[][] LABEL_WORDS_BY_FIRST;
    private static final String[] LABEL_WORDS_OTHER;

    static {
        List<List<String>> byFirst = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            byFirst.add(new ArrayList<>());
        }
        List<String> other = new ArrayList<>();
        for (Context context : ALL) {
            for (String[] words : new String[][] {context.suffixes, context.exact}) {
                for (String word : words) {
                    (word.charAt(0) < 128 ? byFirst.get(word.charAt(0)) : other).add(word);
                }
            }
        }
        LABEL_WORDS_BY_FIRST = new String[128][];
        for (int c = 0; c < 128; c++) {
            LABEL_WORDS_BY_FIRST[c] = byFirst.get(c).toArray(new String[0]);
        }
        LABEL_WORDS_OTHER = other.toArray(new String[0]);
    }

    /** Whether the text just before {@code at} names this kind of identifier. */
    boolean precedes(CharSequence s, int at) {
        return precedes(s, at, Math.max(0, at - WINDOW));
    }

    /** As {@link #precedes(CharSequence, int)}, looking back no further than {@code floor} (a table cell's start). */
    boolean precedes(CharSequence s, int at, int floor) {
        int limit = Math.max(floor, at - WINDOW);
        int q = at;
        int fillers = 0;
        while (true) {
            while (q > limit) {
                int escape;
                if (isSeparator(s.charAt(q - 1))) {
                    q--;
                } else if ((escape = Escapes.separatorBefore(s, q)) > 0 && q - escape >= limit) {
                    q -= escape;
                } else {
                    break;
                }
            }
            int end = q;
            while (q > limit && isWordChar(s.charAt(q - 1))) {
                q--;
            }
            if (q == end) {
                return false;
            }
            if (q == limit && limit > floor && isWordChar(s.charAt(q - 1))) {
                // A word longer than the window (Chinese or Japanese text runs on without spaces): its end can
                // still be a label, but it is no filler and no exact word.
                return matchesSuffix(s, q, end);
            }
            if (matches(s, q, end)) {
                return true;
            }
            if (!(isOneOf(s, q, end, FILLERS) || isOneOf(s, q, end, this.fillers)) || ++fillers > MAX_FILLERS) {
                return false;
            }
        }
    }

    private boolean matchesSuffix(CharSequence s, int from, int to) {
        for (String keyword : suffixes) {
            if (normalisedEndsWith(s, from, to, keyword)) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(CharSequence s, int from, int to) {
        return matchesSuffix(s, from, to) || isOneOf(s, from, to, exact);
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
            while (p > from && !isKeyChar(s.charAt(p - 1))) {
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
            if (isKeyChar(s.charAt(p))) {
                length++;
            }
        }
        return length;
    }

    /** A character of a label word: ASCII letters and digits, and the letters of other scripts (账户, アカウント). */
    private static boolean isKeyChar(char c) {
        return isAlnum(c) || (c >= 128 && Character.isLetterOrDigit(c));
    }

    private static boolean isWordChar(char c) {
        return isKeyChar(c) || c == '_' || c == '-';
    }

    private static boolean isSeparator(char c) {
        switch (c) {
            case ' ', '\t', '\n', '\r', ':', '=', '"', '\'', '`', '#', '(', '[', '{', ',', '/', '|', '>', '*', '\\':
                return true;
            // full-width and CJK punctuation, typographic quotes, and invisible spaces
            case '\uFF1A', '\uFF1D', '\uFF0C', '\u3001', '\u300C', '\u300E', '\u3010', '\uFF08', '\uFF3B', '\u201C', '\u2018',
                '\u00AB', '\u200B', '\u2060', '\uFEFF':
                return true;
            default:
                return c >= 128 && Character.isSpaceChar(c);
        }
    }
}

package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isDigit;
import static io.catalogsync.masking.detect.Ascii.isLower;
import static io.catalogsync.masking.detect.Ascii.isUpper;
import static io.catalogsync.masking.detect.Ascii.isUpperAlnum;
import static io.catalogsync.masking.detect.Ascii.isWord;

import java.util.ArrayList;
import java.util.List;

/**
 * One left-to-right pass over one text. At each position the matchers that can start there (chosen by the
 * current and previous character) offer their match; the longest offer wins, ties going to the matcher asked
 * first (the more specific one), and the scan resumes after it.
 *
 * <p>Linear time: every matcher either looks ahead a bounded number of characters, or reads a run (a host name,
 * a base64 string) only at the run's first character, so each run is read a constant number of times.
 */
final class Scan {

    private final CharSequence s;
    private final int n;
    private final List<Detection> found = new ArrayList<>();

    /** Where the last access key id ended: a secret key right after it is its secret. */
    private int accessKeyEnd = Integer.MIN_VALUE / 2;
    /** Where the last account id ended: the next one in the same list is an account id too. */
    private int accountEnd = Integer.MIN_VALUE / 2;

    /** Made for the first bare 12-digit number that no context word names (most texts have none). */
    private Tables tables;

    /** Where the run of ASCII letters and digits starting at the position matchAt looks at ends (read once there). */
    private int alnumEnd;

    private int bestStart;
    private int bestEnd;
    private IdentifierType bestType;

    Scan(CharSequence text) {
        this.s = text;
        this.n = text.length();
    }

    List<Detection> run() {
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\' || c == '%') {
                // A separator escape (\n, \", \u00a0, %2F, %3D): jumped whole, so that the identifier after it is
                // looked at as the start of a word (matchAt sees the escape through Escapes.separatorBefore).
                int escape = Escapes.separatorAt(s, i);
                if (escape > 0) {
                    i += escape;
                    continue;
                }
            }
            // Every matcher starts at a letter, a digit, ':', '/' or '+' (see matchAt): skip anything else at once.
            if (c >= 128 || !MAY_START[c]) {
                i++;
                continue;
            }
            bestType = null;
            bestEnd = -1;
            matchAt(i, c);
            if (bestType != null) {
                found.add(new Detection(bestStart, bestEnd, bestType));
                if (bestType == IdentifierType.IAM_ACCESS_KEY_ID) {
                    accessKeyEnd = bestEnd;
                } else if (bestType == IdentifierType.ACCOUNT_ID || bestType == IdentifierType.IAM_ARN) {
                    // A principal list mixes ARNs and bare accounts: {"AWS": ["arn:aws:iam::...:root", "777788889999"]}
                    accountEnd = bestEnd;
                }
                i = bestEnd;
            } else if (Ascii.isAlnum(c)) {
                // No matcher starts right after an ASCII letter or digit (each needs the previous character to be
                // no word character, or, for secrets, no base64 character), so the rest of this run of letters and
                // digits and the character just after it are skipped: the scan resumes where the previous
                // character is not alphanumeric. This is what keeps ordinary words cheap.
                int j = alnumEnd; // matchAt has read the run once already
                // ... unless that character starts an escape: "\nvpc-..." has an id right after the escape.
                i = j < n && (s.charAt(j) == '\\' || s.charAt(j) == '%') ? j : j + 1;
            } else {
                i++;
            }
        }
        return found;
    }

    /** The characters a match can start at: letters, digits, and ':' (IPv6), '/' and '+' (base64 secrets). */
    private static final boolean[] MAY_START = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            MAY_START[c] = Ascii.isAlnum(c) || c == ':' || c == '/' || c == '+';
        }
    }

    /** A matcher's candidate; kept if it reaches further than the best so far. */
    void offer(int start, int end, IdentifierType type) {
        if (end > bestEnd) {
            bestStart = start;
            bestEnd = end;
            bestType = type;
        }
    }

    private void matchAt(int i, char c) {
        // The run of letters and digits is read once here; Hosts, Secrets and run() start from its end.
        int e = i;
        while (e < n && Ascii.isAlnum(s.charAt(e))) {
            e++;
        }
        alnumEnd = e;
        char prev = i == 0 ? ' ' : s.charAt(i - 1);
        if (Ascii.isAlnum(prev) || prev == '\\') {
            // The end of an escape standing for a separator ("\n", "%3D", "\u00a0") is no word before the match.
            if (Escapes.separatorBefore(s, i) > 0) {
                prev = ' ';
            }
        }
        // Runs are read once, from their first character: host names, then base64 secrets.
        // A host the run of letters and digits is all of (no '.' or '-' after it) is one word, and a word is no
        // host Hosts knows: every suffix starts with '.', and ip-10-0-0-1 has a '-' third. Most words stop here.
        if (Ascii.isAlnum(c) && !Ascii.isHost(prev) && !isWord(prev) && alnumEnd < n
                && (s.charAt(alnumEnd) == '.' || s.charAt(alnumEnd) == '-')) {
            Hosts.match(s, i, alnumEnd, this);
        }
        if (Ascii.isBase64(c) && !Ascii.isBase64(prev)) {
            Secrets.match(s, i, alnumEnd, accessKeyEnd, this);
        }
        if (c == ':' && prev != ':' && !isWord(prev) && prev != '.') {
            Ipv6.match(s, i, this);
        }
        if (isWord(prev)) {
            return;
        }
        if (isLower(c)) {
            if (c == 'a') {
                Arns.match(s, i, this);
            } else if (c == 's') {
                matchS3Uri(i);
            }
            PrefixedIds.match(s, i, alnumEnd, this);
        } else if (isUpper(c)) {
            if (c == 'A') {
                matchIamId(i);
            }
            if (c == 'Z') {
                matchContextual(i, 10, 32, Context.HOSTED_ZONE, IdentifierType.ROUTE53_ZONE_ID);
            } else if (c == 'E') {
                matchContextual(i, 11, 15, Context.DISTRIBUTION, IdentifierType.CLOUDFRONT_DISTRIBUTION);
            }
        } else if (isDigit(c) && prev != '.' && prev != '-' && prev != '+') {
            Ipv4.match(s, i, this);
            matchAccountId(i);
        }
        if (Ascii.isHex(c) && prev != '.' && prev != ':') {
            // A key id's first group is 8 characters long; cheap to rule out before reading it.
            if (i + 8 < n && s.charAt(i + 8) == '-') {
                matchKmsKeyUuid(i);
            }
            if (Ipv6.mayStartAtHex(s, i)) {
                Ipv6.match(s, i, this);
            }
        }
    }

    /** {@code s3://bucket/key} (and the Hadoop {@code s3a://}, {@code s3n://}): the bucket. */
    private void matchS3Uri(int i) {
        int p = i + 2;
        if (!Ascii.startsWith(s, i, "s3")) {
            return;
        }
        if (p < n && (s.charAt(p) == 'a' || s.charAt(p) == 'n')) {
            p++;
        }
        if (!Ascii.startsWith(s, p, "://")) {
            return;
        }
        int from = p + 3;
        int to = from;
        while (to < n && to - from <= 64 && (isLower(s.charAt(to)) || isDigit(s.charAt(to)) || s.charAt(to) == '.' || s.charAt(to) == '-')) {
            to++;
        }
        while (to > from && s.charAt(to - 1) == '.') {
            to--;
        }
        if ((to < n && isWord(s.charAt(to))) || !Hosts.isBucket(s, from, to)) {
            return;
        }
        offer(from, to, IdentifierType.S3_BUCKET);
    }

    /**
     * A 12-digit account id ({@code 123456789012}, or {@code 1234-5678-9012} as the console shows it) where the
     * words before say it is one, or as the next item of a list of account ids. A bare 12-digit number (an order
     * or phone number) is not an account id.
     */
    private void matchAccountId(int i) {
        int end;
        if (Ascii.isDigits(s, i, Math.min(n, i + 12), 12)) {
            end = i + 12;
        } else if (i + 14 <= n && Ascii.isDigits(s, i, i + 4, 4) && s.charAt(i + 4) == '-' && Ascii.isDigits(s, i + 5, i + 9, 4)
                && s.charAt(i + 9) == '-' && Ascii.isDigits(s, i + 10, i + 14, 4)) {
            end = i + 14;
        } else {
            return;
        }
        if (end < n) {
            char next = s.charAt(end);
            if (isWord(next) || ((next == '.' || next == '-') && end + 1 < n && isDigit(s.charAt(end + 1)))) {
                return;
            }
        }
        if (Context.ACCOUNT.precedes(s, i) || continuesAccountList(i) || tables().inAccountColumn(i, end) || isFlowLogAccount(i, end)) {
            offer(i, end, IdentifierType.ACCOUNT_ID);
        }
    }

    private Tables tables() {
        if (tables == null) {
            tables = new Tables(s);
        }
        return tables;
    }

    /**
     * A VPC flow log record in the default format, {@code version account-id interface-id srcaddr ...}
     * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html): the account is the number before
     * the network interface id, in a record starting with its one-digit version.
     */
    private boolean isFlowLogAccount(int i, int end) {
        return i >= 2 && s.charAt(i - 1) == ' ' && isDigit(s.charAt(i - 2)) && (i == 2 || s.charAt(i - 3) == '\n')
                && end + 5 < n && s.charAt(end) == ' ' && Ascii.startsWith(s, end + 1, "eni-") && Ascii.isLowerHex(s.charAt(end + 5));
    }

    /**
     * {@code ["111111111111", "222222222222"]} and {@code --accounts 111111111111 222222222222}: only quotes,
     * brackets, commas and spaces since the last account id.
     */
    private boolean continuesAccountList(int i) {
        if (i - accountEnd > 16 || i <= accountEnd) {
            return false;
        }
        for (int p = accountEnd; p < i; p++) {
            char c = s.charAt(p);
            if (c != ',' && c != ' ' && c != '"' && c != '\'' && c != '[' && c != ']' && c != '\n' && c != '\t' && c != '\u00a0') {
                return false;
            }
        }
        return true;
    }

    private static final int[] UUID_GROUPS = {8, 4, 4, 4, 12};

    /** A KMS key id, {@code 1234abcd-12ab-34cd-56ef-1234567890ab}, where the words before name a key. */
    private void matchKmsKeyUuid(int i) {
        int p = i;
        for (int g = 0; g < UUID_GROUPS.length; g++) {
            if (g > 0) {
                if (p >= n || s.charAt(p) != '-') {
                    return;
                }
                p++;
            }
            for (int k = 0; k < UUID_GROUPS[g]; k++, p++) {
                if (p >= n || !Ascii.isLowerHex(s.charAt(p))) {
                    return;
                }
            }
        }
        if (p < n && (isWord(s.charAt(p)) || s.charAt(p) == '-')) {
            return;
        }
        // "key/<uuid>" is the tail of a KMS key ARN (its other resource kind is "alias/<name>").
        if (Context.KMS_KEY.precedes(s, i) || (Ascii.startsWith(s, i - 4, "key/") && (i == 4 || !isWord(s.charAt(i - 5))))) {
            offer(i, p, IdentifierType.KMS_KEY_ID);
        }
    }

    /** An id of {@code min..max} uppercase letters and digits after its first letter, where the words before name it. */
    private void matchContextual(int i, int min, int max, Context context, IdentifierType type) {
        int p = i + 1;
        while (p < n && p - i <= max && isUpperAlnum(s.charAt(p))) {
            p++;
        }
        int length = p - i - 1;
        if (length < min || length > max || (p < n && isWord(s.charAt(p)))) {
            return;
        }
        if (context.precedes(s, i)) {
            offer(i, p, type);
        }
    }

    /**
     * IAM ids: a four-letter prefix naming the kind and a run of uppercase letters and digits
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids).
     */
    private void matchIamId(int i) {
        if (i + 4 > n) {
            return;
        }
        IdentifierType type;
        int min;
        int max;
        if (Ascii.startsWith(s, i, "AKIA") || Ascii.startsWith(s, i, "ASIA")) {
            type = IdentifierType.IAM_ACCESS_KEY_ID;
            min = 16;
            // Some of AWS's own examples are longer (ASIAJEXAMPLEXEG2JICEA): after an access key label, take them too.
            max = Context.ACCESS_KEY_ID.precedes(s, i) ? 20 : 16;
        } else if (isUniqueIdPrefix(i)) {
            type = IdentifierType.IAM_UNIQUE_ID;
            min = 16;
            max = 28;
        } else {
            return;
        }
        int from = i + 4;
        int to = from;
        while (to < n && to - from <= max && isUpperAlnum(s.charAt(to))) {
            to++;
        }
        int length = to - from;
        if (length < min || length > max || (to < n && isWord(s.charAt(to)))) {
            return;
        }
        offer(i, to, type);
    }

    private static final String[] UNIQUE_ID_PREFIXES = {
        "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA", "ASCA"};

    private boolean isUniqueIdPrefix(int i) {
        // Every prefix is "A" and one of these second letters: most words starting with A stop here.
        switch (s.charAt(i + 1)) {
            case 'B': case 'C': case 'G': case 'I': case 'N': case 'P': case 'R': case 'S':
                break;
            default:
                return false;
        }
        for (String prefix : UNIQUE_ID_PREFIXES) {
            if (Ascii.startsWith(s, i, prefix)) {
                return true;
            }
        }
        return false;
    }
}

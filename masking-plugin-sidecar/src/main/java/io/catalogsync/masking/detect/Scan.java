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
            bestType = null;
            bestEnd = -1;
            matchAt(i);
            if (bestType != null) {
                found.add(new Detection(bestStart, bestEnd, bestType));
                i = bestEnd;
            } else {
                i++;
            }
        }
        return found;
    }

    /** A matcher's candidate; kept if it reaches further than the best so far. */
    void offer(int start, int end, IdentifierType type) {
        if (end > bestEnd) {
            bestStart = start;
            bestEnd = end;
            bestType = type;
        }
    }

    private void matchAt(int i) {
        char c = s.charAt(i);
        char prev = i == 0 ? ' ' : s.charAt(i - 1);
        if (isWord(prev)) {
            return;
        }
        if (c == 'a') {
            Arns.match(s, i, this);
        }
        if (isLower(c)) {
            PrefixedIds.match(s, i, this);
        } else if (isUpper(c)) {
            matchIamId(i);
        } else if (isDigit(c) && prev != '.') {
            Ipv4.match(s, i, this);
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
            max = 16;
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
        for (String prefix : UNIQUE_ID_PREFIXES) {
            if (Ascii.startsWith(s, i, prefix)) {
                return true;
            }
        }
        return false;
    }
}

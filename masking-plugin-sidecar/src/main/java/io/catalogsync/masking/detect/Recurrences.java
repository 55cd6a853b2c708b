package io.catalogsync.masking.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every other occurrence of a value the scanner recognised from its context. "Account ID: 123456789012" makes
 * 123456789012 an account id, and so it is wherever else it appears in the same body ("... billed to
 * 123456789012"), where no context says so: leaving that one unmasked would hand the model the very value the
 * token hides. The same holds for KMS key UUIDs, zone and distribution ids, secret keys, buckets named in a
 * URL, and the account inside an ARN.
 *
 * <p>Values recognised by their shape alone (an instance id, an IP) are found everywhere by the scan itself and
 * need nothing here. The search is one pass over the text: a position costs a table lookup unless it starts a
 * word with a character some value starts with; then at most {@link #MAX_LENGTHS} lengths (of at most
 * {@link #MAX_VALUE} characters) are tried, each hashed only when its last character fits and it ends a word.
 */
final class Recurrences {

    private static final int MAX_LENGTHS = 16;
    /** Longer values (session tokens) are not searched again: they come with their label wherever they appear. */
    private static final int MAX_VALUE = 64;
    private static final long BASE = 1_000_003L;

    /** Values by length, then by hash (a hash may carry several values). */
    private final TreeMap<Integer, Map<Long, List<Value>>> byLength = new TreeMap<>();
    private int count;

    private record Value(String text, IdentifierType type) {
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Remembers the context-recognised values among {@code found}, detections in {@code s}. */
    void collect(CharSequence s, List<Detection> found) {
        for (Detection d : found) {
            switch (d.type()) {
                case ACCOUNT_ID, KMS_KEY_ID, ROUTE53_ZONE_ID, CLOUDFRONT_DISTRIBUTION, IAM_SECRET_ACCESS_KEY:
                    add(d.value(s), d.type());
                    break;
                case S3_BUCKET:
                    // A bucket reads like a word ("logs", "backup"): only names no prose would use on their own.
                    String bucket = d.value(s);
                    if (bucket.length() >= 6 && (bucket.indexOf('-') >= 0 || bucket.indexOf('.') >= 0)) {
                        add(bucket, d.type());
                    }
                    break;
                case ARN, IAM_ARN, S3_ARN, KMS_KEY_ARN, LAMBDA_FUNCTION_ARN:
                    addArnAccount(s, d);
                    break;
                default:
                    break;
            }
        }
    }

    /** The 12-digit account field of an ARN ({@code arn:aws:iam::123456789012:role/x}). */
    private void addArnAccount(CharSequence s, Detection d) {
        int colons = 0;
        int p = d.start();
        // arn:partition:service:region: is short; the account follows the fourth colon.
        while (p < d.end() && p - d.start() < 100 && colons < 4) {
            if (s.charAt(p++) == ':') {
                colons++;
            }
        }
        if (colons == 4 && p + 12 < d.end() && s.charAt(p + 12) == ':' && Ascii.isDigits(s, p, p + 12, 12)) {
            add(s.subSequence(p, p + 12).toString(), IdentifierType.ACCOUNT_ID);
        }
    }

    private void add(String value, IdentifierType type) {
        if (value.length() > MAX_VALUE) {
            return;
        }
        lengths = null;
        Map<Long, List<Value>> byHash = byLength.get(value.length());
        if (byHash == null) {
            if (byLength.size() >= MAX_LENGTHS) {
                return;
            }
            byHash = new HashMap<>();
            byLength.put(value.length(), byHash);
        }
        List<Value> values = byHash.computeIfAbsent(hash(value, 0, value.length()), h -> new ArrayList<>(1));
        for (Value v : values) {
            if (v.text().equals(value)) {
                return;
            }
        }
        values.add(new Value(value, type));
        count++;
    }

    /**
     * {@code found} (detections in {@code s}, sorted, not overlapping) with every whole-word occurrence of a
     * remembered value that no detection covers yet, sorted by start.
     *
     * <p>One pass: at each word start whose character starts some value, each value length whose first and last
     * characters fit is checked for a word end, and only then hashed and looked up. Spans already detected are
     * skipped whole.
     */
    List<Detection> addTo(CharSequence s, List<Detection> found) {
        prepare();
        int n = s.length();
        List<Detection> added = null;
        int f = 0;
        // The next detected span: [nextDetected, detectedEnd) is skipped whole.
        int nextDetected = found.isEmpty() ? n : found.get(0).start();
        int start = 0;
        while (start < n) {
            if (start >= nextDetected) {
                start = Math.max(start, found.get(f).end());
                f++;
                while (f < found.size() && found.get(f).end() <= start) {
                    f++;
                }
                nextDetected = f < found.size() ? Math.max(start, found.get(f).start()) : n;
                continue;
            }
            // Most characters start no value: one table lookup each, in a tight loop.
            char c = s.charAt(start);
            int candidates = c < 128 ? firstChars[c] : 0;
            if (candidates == 0 || !isWordStart(s, start)) {
                start++;
                continue;
            }
            int matchedEnd = -1;
            for (int k = 0; k < lengths.length && matchedEnd < 0; k++) {
                int end = start + lengths[k];
                if ((candidates & (1 << k)) == 0 || end > nextDetected) {
                    continue;
                }
                char last = s.charAt(end - 1);
                if (last >= 128 || (lastChars[last] & (1 << k)) == 0 || !isWordEnd(s, end)) {
                    continue;
                }
                Value v = valueAt(k, s, start, end);
                if (v != null) {
                    if (added == null) {
                        added = new ArrayList<>();
                    }
                    added.add(new Detection(start, end, v.type()));
                    matchedEnd = end;
                }
            }
            start = matchedEnd > 0 ? matchedEnd : start + 1;
        }
        if (added == null) {
            return found;
        }
        List<Detection> all = new ArrayList<>(found.size() + added.size());
        all.addAll(found);
        all.addAll(added);
        all.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return all;
    }

    /** The remembered value of length {@code lengths[k]} equal to {@code s[start, end)}, or null; no boxing. */
    private Value valueAt(int k, CharSequence s, int start, int end) {
        long[] hashes = hashesByLength[k];
        long h = hash(s, start, end);
        int i = Arrays.binarySearch(hashes, h);
        if (i < 0) {
            return null;
        }
        while (i > 0 && hashes[i - 1] == h) {
            i--;
        }
        Value[] values = valuesByLength[k];
        for (; i < hashes.length && hashes[i] == h; i++) {
            if (regionEquals(s, start, values[i].text())) {
                return values[i];
            }
        }
        return null;
    }

    /**
     * Value lengths, longest first; per length the values' hashes sorted (with the values in the same order); and
     * for each ASCII character the lengths whose values start / end with it.
     */
    private int[] lengths;
    private long[][] hashesByLength;
    private Value[][] valuesByLength;
    private int[] firstChars;
    private int[] lastChars;

    private void prepare() {
        if (lengths != null) {
            return;
        }
        lengths = new int[byLength.size()];
        hashesByLength = new long[lengths.length][];
        valuesByLength = new Value[lengths.length][];
        firstChars = new int[128];
        lastChars = new int[128];
        int k = 0;
        for (Map.Entry<Integer, Map<Long, List<Value>>> entry : byLength.descendingMap().entrySet()) {
            lengths[k] = entry.getKey();
            List<Map.Entry<Long, Value>> sorted = new ArrayList<>();
            for (Map.Entry<Long, List<Value>> byHash : entry.getValue().entrySet()) {
                for (Value v : byHash.getValue()) {
                    sorted.add(Map.entry(byHash.getKey(), v));
                    char first = v.text().charAt(0);
                    char last = v.text().charAt(v.text().length() - 1);
                    if (first < 128 && last < 128) {
                        firstChars[first] |= 1 << k;
                        lastChars[last] |= 1 << k;
                    }
                }
            }
            sorted.sort(Map.Entry.comparingByKey());
            hashesByLength[k] = new long[sorted.size()];
            valuesByLength[k] = new Value[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                hashesByLength[k][i] = sorted.get(i).getKey();
                valuesByLength[k][i] = sorted.get(i).getValue();
            }
            k++;
        }
    }

    private static boolean isWordStart(CharSequence s, int start) {
        if (start == 0) {
            return true;
        }
        char prev = s.charAt(start - 1);
        return !((Ascii.isWord(prev) && Escapes.separatorBefore(s, start) == 0) || prev == '.' || prev == '-' || prev == '+');
    }

    private static boolean isWordEnd(CharSequence s, int end) {
        int n = s.length();
        if (end == n) {
            return true;
        }
        char next = s.charAt(end);
        return !(Ascii.isWord(next) || next == '-' || next == '+' || next == '=' && s.charAt(end - 1) != '='
                || (next == '.' && end + 1 < n && Ascii.isAlnum(s.charAt(end + 1))));
    }

    private static boolean regionEquals(CharSequence s, int start, String value) {
        for (int k = 0; k < value.length(); k++) {
            if (s.charAt(start + k) != value.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static long hash(CharSequence s, int from, int to) {
        long h = 0;
        for (int p = from; p < to; p++) {
            h = h * BASE + s.charAt(p);
        }
        return h;
    }
}

package io.catalogsync.masking.detect;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every other occurrence of a value the scanner recognised from its context. "Account ID: 123456789012" makes
 * 123456789012 an account id, and so it is wherever else it appears in the same body ("... billed to
 * 123456789012"), where no context says so: leaving that one unmasked would hand the model the very value the
 * token hides. The same holds for KMS key UUIDs, zone and distribution ids, secrets, session tokens, buckets
 * named in a URL, and the account inside an ARN.
 *
 * <p>Values recognised by their shape alone (an instance id, an IP) are found everywhere by the scan itself and
 * need nothing here. The search is one rolling hash per distinct value length over each text (at most
 * {@link #MAX_LENGTHS} lengths), so it stays linear; a hit counts only as a whole word.
 */
final class Recurrences {

    private static final int MAX_LENGTHS = 16;
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
                case ACCOUNT_ID, KMS_KEY_ID, ROUTE53_ZONE_ID, CLOUDFRONT_DISTRIBUTION, IAM_SECRET_ACCESS_KEY, IAM_SESSION_TOKEN:
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
     */
    List<Detection> addTo(CharSequence s, List<Detection> found) {
        int n = s.length();
        BitSet covered = new BitSet(n);
        for (Detection d : found) {
            covered.set(d.start(), d.end());
        }
        List<Detection> added = new ArrayList<>();
        // Longest values first, so a longer value claims its span before a shorter one inside it.
        for (Map.Entry<Integer, Map<Long, List<Value>>> entry : byLength.descendingMap().entrySet()) {
            int length = entry.getKey();
            if (length > n) {
                continue;
            }
            Map<Long, List<Value>> byHash = entry.getValue();
            long power = 1;
            for (int k = 1; k < length; k++) {
                power *= BASE;
            }
            long h = hash(s, 0, length);
            for (int start = 0; ; start++) {
                int end = start + length;
                List<Value> values = byHash.get(h);
                if (values != null) {
                    int nextCovered = covered.nextSetBit(start);
                    if ((nextCovered < 0 || nextCovered >= end) && isWholeWord(s, start, end)) {
                        for (Value v : values) {
                            if (regionEquals(s, start, v.text())) {
                                added.add(new Detection(start, end, v.type()));
                                covered.set(start, end);
                                break;
                            }
                        }
                    }
                }
                if (end >= n) {
                    break;
                }
                h = (h - s.charAt(start) * power) * BASE + s.charAt(end);
            }
        }
        if (added.isEmpty()) {
            return found;
        }
        List<Detection> all = new ArrayList<>(found.size() + added.size());
        all.addAll(found);
        all.addAll(added);
        all.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return all;
    }

    /** Not glued to a word, a longer number ({@code 1.123456789012}) or a longer name ({@code x-123456789012}). */
    private static boolean isWholeWord(CharSequence s, int start, int end) {
        int n = s.length();
        if (start > 0) {
            char prev = s.charAt(start - 1);
            if ((Ascii.isWord(prev) && Escapes.separatorBefore(s, start) == 0) || prev == '.' || prev == '-' || prev == '+') {
                return false;
            }
        }
        if (end < n) {
            char next = s.charAt(end);
            if (Ascii.isWord(next) || next == '-' || next == '+' || next == '=' && s.charAt(end - 1) != '='
                    || (next == '.' && end + 1 < n && Ascii.isAlnum(s.charAt(end + 1)))) {
                return false;
            }
        }
        return true;
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

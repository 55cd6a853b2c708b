package io.catalogsync.masking.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the AWS identifiers of the whole {@link IdentifierType} catalogue in a text, in one left-to-right pass
 * whose cost is linear in the text's length (no regular expression runs over the text).
 *
 * <p>The detections do not overlap and come sorted by start. Where matches compete, the one reaching furthest
 * wins and, at equal reach, the more specific one: an ARN is one ARN, not an account id and a name; a bucket's
 * host name is a bucket, not an IP. Stateless and thread-safe.
 */
public final class AwsIdentifierScanner {

    private static final AwsIdentifierScanner INSTANCE = new AwsIdentifierScanner();

    private AwsIdentifierScanner() {
    }

    /** The scanner for the whole catalogue. */
    public static AwsIdentifierScanner create() {
        return INSTANCE;
    }

    /**
     * Every identifier in {@code text}: non-overlapping, sorted by start, the longest most specific match winning.
     * A value recognised from its context once (an account id after "Account ID:") is detected at every other
     * occurrence in the text too.
     */
    public List<Detection> scan(CharSequence text) {
        Objects.requireNonNull(text, "text");
        List<Detection> found = new Scan(text).run();
        if (found.isEmpty()) {
            return found;
        }
        Recurrences recurrences = new Recurrences();
        recurrences.collect(text, found);
        return recurrences.isEmpty() ? found : recurrences.addTo(text, found);
    }

    /**
     * The detections of one text without the every-occurrence pass: for a caller that runs {@link #spread} over the
     * whole body afterwards, which does that pass for every text at once (doing it here too would walk each text
     * twice).
     */
    public List<Detection> scanOnce(CharSequence text) {
        return new Scan(Objects.requireNonNull(text, "text")).run();
    }

    /**
     * Whether writing {@code label} and {@code ": "} in front of a text (a JSON field name before its value:
     * {@code OwnerId: 123456789012}) can make {@link #scanOnce} find anything in the text that the text alone does
     * not give. False only when the label cannot matter, by the scanner's rules: it is made of ASCII letters,
     * {@code _} and {@code -} only, starting with a letter or {@code _} (so it holds no identifier that changes what
     * follows, no escape, no table border or row, no line break, and no separator to look back through), holds no
     * access key id prefix ({@code AKIA}, {@code ASIA}: a secret key right after an access key id is one), and no
     * label word of any context ("account", "owner", "kms", "zone", ...: see {@link Context}), in any case, with
     * {@code _} and {@code -} ignored. Then the text is scanned alone: the same detections, without the copy.
     */
    public boolean labelMayGiveContext(CharSequence label) {
        int n = label.length();
        if (n == 0) {
            return false;
        }
        char first = label.charAt(0);
        if (!(Ascii.isUpper(first) || Ascii.isLower(first) || first == '_')) {
            return true;
        }
        for (int p = 0; p < n; p++) {
            char c = label.charAt(p);
            if (!(Ascii.isUpper(c) || Ascii.isLower(c) || c == '_' || c == '-')) {
                return true;
            }
        }
        String text = label.toString();
        return text.contains("AKIA") || text.contains("ASIA") || Context.containsLabelWord(text);
    }

    /**
     * The detections of every text of one body (its text slots), element {@code k} for {@code texts.get(k)}: as
     * {@link #scan(CharSequence)} on each, and a value recognised from its context in any of the texts is detected
     * wherever it occurs in all of them ("Account ID: 123456789012" in the system prompt masks a bare
     * 123456789012 in a tool result). Callers masking a body scan all its slots with one call to this.
     */
    public List<List<Detection>> scanAll(List<? extends CharSequence> texts) {
        Objects.requireNonNull(texts, "texts");
        List<List<Detection>> all = new ArrayList<>(texts.size());
        for (CharSequence text : texts) {
            all.add(new Scan(Objects.requireNonNull(text, "text")).run());
        }
        return spread(texts, all);
    }

    /**
     * Adds to each text's detections ({@code found.get(k)} for {@code texts.get(k)}, as a caller made them, e.g.
     * with a JSON field name as context) every occurrence of a value recognised from its context in any of the
     * texts; returns the completed lists, sorted by position. {@code found} is not modified.
     */
    public List<List<Detection>> spread(List<? extends CharSequence> texts, List<List<Detection>> found) {
        if (texts.size() != found.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + found.size() + " detection lists");
        }
        Recurrences recurrences = new Recurrences();
        for (int k = 0; k < texts.size(); k++) {
            recurrences.collect(texts.get(k), found.get(k));
        }
        List<List<Detection>> all = new ArrayList<>(found);
        if (!recurrences.isEmpty()) {
            for (int k = 0; k < all.size(); k++) {
                all.set(k, recurrences.addTo(texts.get(k), all.get(k)));
            }
        }
        return all;
    }
}

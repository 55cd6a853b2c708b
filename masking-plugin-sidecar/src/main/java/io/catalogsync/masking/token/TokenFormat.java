package io.catalogsync.masking.token;

import io.catalogsync.masking.detect.IdentifierType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The token format: {@code [[AWS:<LABEL>:<16 lowercase hex>]]}.
 *
 * <p>Self-delimiting (it opens with {@code [[} and closes with {@code ]]}, neither of which can occur inside), so
 * no token is a prefix of another and a token cannot run into the text around it; ASCII and JSON-safe, so it
 * survives any encoding the body goes through; and unlike any real identifier or ordinary prose, so unmasking
 * cannot touch text that was never masked.
 */
public final class TokenFormat {

    /** A token: the label is an {@link IdentifierType#label()}, the hex the first 64 bits of the keyed HMAC. */
    public static final Pattern TOKEN = Pattern.compile("\\[\\[AWS:[A-Z0-9_]+:[0-9a-f]{16}\\]\\]");

    static final String OPEN = "[[AWS:";
    static final String CLOSE = "]]";
    static final int HEX_LENGTH = 16;

    /** The longest token the minter can produce (the longest label); a streaming reader holds back at most this. */
    public static final int MAX_TOKEN_LENGTH = OPEN.length() + longestLabel() + 1 + HEX_LENGTH + CLOSE.length();

    private TokenFormat() {
    }

    private static int longestLabel() {
        int longest = 0;
        for (IdentifierType type : IdentifierType.values()) {
            longest = Math.max(longest, type.label().length());
        }
        return longest;
    }

    /** The {@code [start, end)} range of every token in {@code text}, in order; exactly what {@link #TOKEN} finds. */
    public static List<int[]> find(CharSequence text) {
        List<int[]> ranges = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i + OPEN.length() <= n) {
            int end = tokenEnd(text, i);
            if (end > 0) {
                ranges.add(new int[] {i, end});
                i = end;
            } else {
                i++;
            }
        }
        return ranges;
    }

    /**
     * The end of the token starting at {@code at}, or -1. A failed attempt reads at most one label run past the
     * opening, and label characters cannot contain another opening, so {@link #find} stays linear.
     */
    static int tokenEnd(CharSequence s, int at) {
        int n = s.length();
        if (s.charAt(at) != '[' || !startsWith(s, at, OPEN)) {
            return -1;
        }
        int p = at + OPEN.length();
        int labelStart = p;
        while (p < n && isLabelChar(s.charAt(p))) {
            p++;
        }
        if (p == labelStart || p >= n || s.charAt(p) != ':') {
            return -1;
        }
        p++;
        for (int k = 0; k < HEX_LENGTH; k++, p++) {
            if (p >= n || !isLowerHex(s.charAt(p))) {
                return -1;
            }
        }
        if (!startsWith(s, p, CLOSE)) {
            return -1;
        }
        return p + CLOSE.length();
    }

    static boolean isLabelChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isLowerHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static boolean startsWith(CharSequence s, int at, String literal) {
        if (at + literal.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < literal.length(); k++) {
            if (s.charAt(at + k) != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}

package io.catalogsync.masking.detect;

/**
 * Escapes that stand for a separator: text quoted from JSON ({@code \n}, {@code \t}, {@code \"}, {@code \/},
 * {@code \u00a0}), URLs ({@code %2F}, {@code %3D}, {@code %253A} double-encoded) and the like. An identifier right
 * after one starts a word even though the character just before it is a letter ({@code n} of {@code \n},
 * {@code D} of {@code %3D}), and a label before one still names the identifier after it.
 *
 * <p>Only escapes of a character that cannot be part of a word count: {@code %41} ("A") or {@code \u0041} glue
 * like the letter they encode. Each check reads at most six characters.
 */
final class Escapes {

    private Escapes() {
    }

    /** Length of the separator escape starting at {@code at}, or 0 when none starts there. */
    static int separatorAt(CharSequence s, int at) {
        int n = s.length();
        char c = s.charAt(at);
        if (c == '\\' && at + 1 < n) {
            char e = s.charAt(at + 1);
            if (isEscapeLetter(e)) {
                return 2;
            }
            if (e == 'u' && at + 6 <= n) {
                int v = hex(s, at + 2, 4);
                return v >= 0 && isSeparator(v) ? 6 : 0;
            }
        } else if (c == '%' && at + 3 <= n) {
            int v = hex(s, at + 1, 2);
            if (v == '%' && at + 5 <= n) {
                int w = hex(s, at + 3, 2);
                return w >= 0 && isSeparator(w) ? 5 : 0;
            }
            return v >= 0 && isSeparator(v) ? 3 : 0;
        }
        return 0;
    }

    /** Length of the separator escape ending just before {@code end}, or 0 when none ends there. */
    static int separatorBefore(CharSequence s, int end) {
        if (end >= 2 && s.charAt(end - 2) == '\\' && isEscapeLetter(s.charAt(end - 1))) {
            return 2;
        }
        if (end >= 6 && s.charAt(end - 6) == '\\' && s.charAt(end - 5) == 'u') {
            int v = hex(s, end - 4, 4);
            if (v >= 0 && isSeparator(v)) {
                return 6;
            }
        }
        if (end >= 5 && s.charAt(end - 5) == '%' && s.charAt(end - 4) == '2' && s.charAt(end - 3) == '5') {
            int v = hex(s, end - 2, 2);
            if (v >= 0 && isSeparator(v)) {
                return 5;
            }
        }
        if (end >= 3 && s.charAt(end - 3) == '%') {
            int v = hex(s, end - 2, 2);
            if (v >= 0 && v != '%' && isSeparator(v)) {
                return 3;
            }
        }
        return 0;
    }

    /** JSON's one-letter escapes; {@code \\} too, so {@code C:\\vpc-...} still starts a word after the backslashes. */
    private static boolean isEscapeLetter(char e) {
        return e == 'n' || e == 't' || e == 'r' || e == 'b' || e == 'f' || e == '"' || e == '/' || e == '\\' || e == '\'';
    }

    private static boolean isSeparator(int v) {
        return v != '%' && !Ascii.isWord((char) v) && v != '_';
    }

    /** The value of {@code count} hex digits at {@code at}, or -1. */
    private static int hex(CharSequence s, int at, int count) {
        int v = 0;
        for (int k = 0; k < count; k++) {
            int d = Character.digit(s.charAt(at + k), 16);
            if (d < 0 || s.charAt(at + k) >= 128) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}

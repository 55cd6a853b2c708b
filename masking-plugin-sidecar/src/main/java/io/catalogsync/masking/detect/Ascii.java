package io.catalogsync.masking.detect;

/**
 * Character classes of the scanner. Lookups are on {@code char} values, never on substrings, so the scanner
 * allocates nothing per position; anything outside ASCII is in no class (identifiers are ASCII).
 */
final class Ascii {

    private static final int ALNUM = 1;
    private static final int HOST = 2;
    private static final int BASE64 = 4;
    private static final int WORD = 8;
    private static final int HEX = 16;

    /**
     * The classes of each ASCII character as bits: the scanner asks them at nearly every character of the text,
     * and one table lookup costs less than a chain of range comparisons with a branch each.
     */
    private static final byte[] CLASSES = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            boolean digit = c >= '0' && c <= '9';
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean alnum = digit || letter;
            int bits = 0;
            bits |= alnum ? ALNUM : 0;
            bits |= alnum || c == '.' || c == '-' ? HOST : 0;
            bits |= alnum || c == '/' || c == '+' ? BASE64 : 0;
            bits |= alnum || c == '_' ? WORD : 0;
            bits |= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ? HEX : 0;
            CLASSES[c] = (byte) bits;
        }
    }

    private Ascii() {
    }

    private static boolean is(char c, int bit) {
        return c < 128 && (CLASSES[c] & bit) != 0;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isAlnum(char c) {
        return is(c, ALNUM);
    }

    /**
     * A word character in the regex {@code \w} sense, plus letters and digits of other scripts: an identifier glued
     * to one of these is part of a longer word. Scripts written without spaces between words (Chinese, Japanese,
     * Korean particles, Thai) are the exception: there {@code 实例i-0abc...} is a word and an id side by side.
     */
    static boolean isWord(char c) {
        return c < 128 ? (CLASSES[c] & WORD) != 0 : Character.isLetterOrDigit(c) && !isUnspacedScript(c);
    }

    /** CJK ideographs and symbols, kana, Hangul, Thai and Lao, full- and half-width forms. */
    static boolean isUnspacedScript(char c) {
        return (c >= '\u2E80' && c <= '\u9FFF') || (c >= '\uAC00' && c <= '\uD7AF') || (c >= '\uF900' && c <= '\uFAFF')
                || (c >= '\uFF00' && c <= '\uFFEF') || (c >= '\u0E00' && c <= '\u0EFF') || (c >= '\u1100' && c <= '\u11FF');
    }

    static boolean isLowerHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }

    static boolean isHex(char c) {
        return is(c, HEX);
    }

    static boolean isUpperAlnum(char c) {
        return isDigit(c) || isUpper(c);
    }

    /** A character of a DNS host name as written in text (labels and their separators). */
    static boolean isHost(char c) {
        return is(c, HOST);
    }

    /** A character of a base64 secret, without the padding. */
    static boolean isBase64(char c) {
        return is(c, BASE64);
    }

    static char lower(char c) {
        return isUpper(c) ? (char) (c + ('a' - 'A')) : c;
    }

    /** Whether {@code s} holds {@code literal} at {@code at}, exactly. */
    static boolean startsWith(CharSequence s, int at, String literal) {
        if (at < 0 || at + literal.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < literal.length(); k++) {
            if (s.charAt(at + k) != literal.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} holds {@code lowerLiteral} at {@code at}, ignoring ASCII case ({@code lowerLiteral} is lowercase). */
    static boolean startsWithIgnoreCase(CharSequence s, int at, String lowerLiteral) {
        if (at < 0 || at + lowerLiteral.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < lowerLiteral.length(); k++) {
            if (lower(s.charAt(at + k)) != lowerLiteral.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code [from, to)} of {@code s} equals {@code lowerLiteral}, ignoring ASCII case. */
    static boolean equalsIgnoreCase(CharSequence s, int from, int to, String lowerLiteral) {
        return to - from == lowerLiteral.length() && startsWithIgnoreCase(s, from, lowerLiteral);
    }

    /** Whether {@code [from, to)} of {@code s} is all decimal digits and {@code count} long. */
    static boolean isDigits(CharSequence s, int from, int to, int count) {
        if (to - from != count) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (!isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}

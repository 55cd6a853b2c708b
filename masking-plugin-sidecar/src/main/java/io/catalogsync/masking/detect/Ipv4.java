package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isDigit;
import static io.catalogsync.masking.detect.Ascii.isWord;

/**
 * Dotted-quad IPv4 addresses with strict octets: 0-255, no leading zeros, exactly four of them. A version string
 * ({@code 1.2.3}) has too few, a longer dotted number ({@code 1.2.3.4.5}) is not an address at all, so neither
 * yields a detection; the caller only starts here where the previous character is not a word character or a dot.
 */
final class Ipv4 {

    private Ipv4() {
    }

    /** End of a valid address starting at {@code at}, or -1. Reads at most 15 characters plus two for the boundary. */
    static int end(CharSequence s, int at) {
        int n = s.length();
        int p = at;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (p >= n || s.charAt(p) != '.') {
                    return -1;
                }
                p++;
            }
            int from = p;
            int value = 0;
            while (p < n && isDigit(s.charAt(p)) && p - from < 4) {
                value = value * 10 + (s.charAt(p) - '0');
                p++;
            }
            int digits = p - from;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(from) == '0')) {
                return -1;
            }
        }
        if (p < n) {
            char next = s.charAt(p);
            if (isWord(next) || (next == '.' && p + 1 < n && isDigit(s.charAt(p + 1)))) {
                return -1;
            }
        }
        return p;
    }

    /**
     * The type of the address in {@code [at, end)}, or null for addresses that identify nothing: the unspecified
     * {@code 0.0.0.0/8}, loopback {@code 127/8}, and {@code 224.0.0.0} and above (multicast, reserved, and the
     * netmasks {@code 255.x} that fill configuration text).
     */
    static IdentifierType classify(CharSequence s, int at) {
        int first = 0;
        int p = at;
        while (s.charAt(p) != '.') {
            first = first * 10 + (s.charAt(p++) - '0');
        }
        p++;
        int second = 0;
        while (s.charAt(p) != '.') {
            second = second * 10 + (s.charAt(p++) - '0');
        }
        if (first == 0 || first == 127 || first >= 224) {
            return null;
        }
        boolean privateRange = first == 10
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 168)
                || (first == 100 && second >= 64 && second <= 127)
                || (first == 169 && second == 254);
        return privateRange ? IdentifierType.IPV4_PRIVATE : IdentifierType.IPV4;
    }

    static void match(CharSequence s, int at, Scan scan) {
        int end = end(s, at);
        if (end < 0) {
            return;
        }
        IdentifierType type = classify(s, at);
        if (type != null) {
            scan.offer(at, end, type);
        }
    }
}

package io.catalogsync.masking.detect;

import static io.catalogsync.masking.detect.Ascii.isDigit;
import static io.catalogsync.masking.detect.Ascii.isHex;
import static io.catalogsync.masking.detect.Ascii.isWord;

/**
 * IPv6 addresses, full ({@code 2001:0db8:85a3:0000:0000:8a2e:0370:7334}) or compressed with one {@code ::}
 * ({@code fe80::1ff:fe23:4567:890a}), optionally ending in an IPv4 address ({@code ::ffff:10.0.0.1}).
 *
 * <p>Guards: a full address has exactly eight groups, so clock times ({@code 10:30:00}, {@code 12:00}) and MAC
 * addresses (six groups) are not addresses; at least one group must be three or more characters long or hold a
 * hex letter, and some group must hold a digit, so {@code 10:30::} and {@code dead::beef} are not either; the
 * loopback {@code ::1} and the unspecified {@code ::} need two groups and are left alone. Bounded: at most eight
 * groups of at most five characters are read.
 */
final class Ipv6 {

    private Ipv6() {
    }

    /**
     * Whether an address can start at the hex digit at {@code at}: its first group (one to four hex digits) must be
     * followed by ':', or {@link #match} rejects it (one group alone is no address, five digits no group). Reads at
     * most five characters, so most words starting with a hex letter cost almost nothing.
     */
    static boolean mayStartAtHex(CharSequence s, int at) {
        int limit = Math.min(s.length(), at + 5);
        for (int p = at + 1; p < limit; p++) {
            char c = s.charAt(p);
            if (c == ':') {
                return true;
            }
            if (!isHex(c)) {
                return false;
            }
        }
        return false;
    }

    /** Matches an address starting at {@code at} (a hex digit, or the first colon of a leading {@code ::}). */
    static void match(CharSequence s, int at, Scan scan) {
        int n = s.length();
        int p = at;
        int groups = 0;
        boolean compressed = false;
        boolean significant = false;
        boolean digit = false;
        if (s.charAt(p) == ':') {
            if (p + 1 >= n || s.charAt(p + 1) != ':') {
                return;
            }
            compressed = true;
            p += 2;
        }
        while (groups < 8) {
            int from = p;
            while (p < n && p - from < 5 && isHex(s.charAt(p))) {
                p++;
            }
            int length = p - from;
            if (length == 0) {
                if (!compressed || s.charAt(p - 1) != ':') {
                    return;
                }
                break;
            }
            if (p + 1 < n && s.charAt(p) == '.' && isDigit(s.charAt(p + 1))) {
                // The last 32 bits written as IPv4, after at least one group (::ffff:10.0.0.1).
                int v4 = Ipv4.end(s, from);
                if (v4 < 0 || groups == 0 || groups > 6) {
                    return;
                }
                groups += 2;
                significant = true;
                digit = true;
                p = v4;
                break;
            }
            if (length > 4) {
                return;
            }
            groups++;
            for (int k = from; k < p; k++) {
                if (isDigit(s.charAt(k))) {
                    digit = true;
                } else {
                    significant = true;
                }
            }
            if (length >= 3) {
                significant = true;
            }
            if (p + 1 < n && s.charAt(p) == ':' && s.charAt(p + 1) == ':') {
                if (compressed) {
                    return;
                }
                compressed = true;
                p += 2;
            } else if (p + 1 < n && s.charAt(p) == ':' && isHex(s.charAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        if (p < n) {
            char next = s.charAt(p);
            if (isWord(next) || (next == ':' && p + 1 < n && (isHex(s.charAt(p + 1)) || s.charAt(p + 1) == ':'))
                    || (next == '.' && p + 1 < n && isDigit(s.charAt(p + 1)))) {
                return;
            }
        }
        boolean complete = compressed ? groups >= 2 && groups <= 7 : groups == 8;
        if (complete && significant && digit) {
            scan.offer(at, p, IdentifierType.IPV6);
        }
    }
}

package io.catalogsync.catalog.translate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Host names and IP addresses as Kong accepts them for targets and services (kong/tools/utils.lua
 * {@code normalize_ip}: {@code check_hostname}, {@code normalize_ipv4}, {@code normalize_ipv6}).
 */
final class Hosts {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private Hosts() {
    }

    /** A DNS-style name: dot-separated labels of letters, digits, '_' and inner '-'; at most 253 chars. */
    static boolean isHostname(String s) {
        if (s == null || s.isEmpty() || s.length() > 253) {
            return false;
        }
        // By hand rather than with regexes: every endpoint of every catalog service passes here each cycle.
        boolean onlyDigitsAndDots = true;
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63 || s.charAt(i - 1) == '-' || s.charAt(labelStart) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (c >= '0' && c <= '9') {
                continue;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-') {
                onlyDigitsAndDots = false;
            } else {
                return false;
            }
        }
        return !onlyDigitsAndDots;
    }

    static boolean isIpv4(String s) {
        // Host names mostly start with a letter: no matcher for them (targets are formatted on every plan).
        if (s.isEmpty() || s.charAt(0) < '0' || s.charAt(0) > '9') {
            return false;
        }
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** IPv6 without brackets (also accepts the bracketed form). */
    static boolean isIpv6(String s) {
        String a = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!a.contains(":") || !IPV6.matcher(a).matches()) {
            return false;
        }
        // Parsed by hand: InetAddress would fall back to a DNS lookup for some invalid literals.
        int doubleColon = a.indexOf("::");
        if (doubleColon >= 0 && a.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        String[] halves = doubleColon >= 0 ? new String[] {a.substring(0, doubleColon), a.substring(doubleColon + 2)}
                : new String[] {a};
        for (int h = 0; h < halves.length; h++) {
            if (halves[h].isEmpty()) {
                continue;
            }
            String[] parts = halves[h].split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                boolean last = h == halves.length - 1 && i == parts.length - 1;
                if (last && p.contains(".")) {
                    if (!isIpv4(p)) {
                        return false;
                    }
                    groups += 2;
                } else if (p.isEmpty() || p.length() > 4 || p.contains(".")) {
                    return false;
                } else {
                    groups++;
                }
            }
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    static boolean isValid(String s) {
        return isHostname(s) || isIpv4(s) || isIpv6(s);
    }

    /**
     * {@code host:port} exactly as Kong stores and returns a target, so the next read compares equal: kong/db/dao/
     * targets.lua {@code format_target} is {@code format_host(normalize_ip(target))} (kong/tools/utils.lua, moved
     * to kong/tools/ip.lua in 3.5): an IPv4 address without leading zeros, an IPv6 address fully expanded, lower
     * case, in brackets ({@code [fd00:10:40::22]:8443} reads back as
     * {@code [fd00:0010:0040:0000:0000:0000:0000:0022]:8443}: kong-transcripts/3.4.2-daemon), a name as given.
     */
    static String target(String host, int port) {
        if (isIpv6(host)) {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return "[" + expandIpv6(bare) + "]:" + port;
        }
        if (isIpv4(host)) {
            String[] p = host.split("\\.");
            return Integer.parseInt(p[0]) + "." + Integer.parseInt(p[1]) + "." + Integer.parseInt(p[2]) + "."
                    + Integer.parseInt(p[3]) + ":" + port;
        }
        return host + ":" + port;
    }

    /**
     * kong/tools/ip.lua {@code normalize_ipv6}: eight groups of four lower-case hex digits. An embedded IPv4 tail
     * ({@code ::ffff:10.0.0.1}) becomes its two groups (Kong refuses that form, validation allows it).
     */
    static String expandIpv6(String address) {
        String a = address;
        int dot = a.indexOf('.');
        if (dot >= 0) {
            int lastColon = a.lastIndexOf(':');
            String[] v4 = a.substring(lastColon + 1).split("\\.");
            int hi = Integer.parseInt(v4[0]) << 8 | Integer.parseInt(v4[1]);
            int lo = Integer.parseInt(v4[2]) << 8 | Integer.parseInt(v4[3]);
            a = a.substring(0, lastColon + 1) + Integer.toHexString(hi) + ":" + Integer.toHexString(lo);
        }
        String[] groups = new String[8];
        int dc = a.indexOf("::");
        String[] head = dc >= 0 ? split(a.substring(0, dc)) : split(a);
        String[] tail = dc >= 0 ? split(a.substring(dc + 2)) : new String[0];
        int i = 0;
        for (String g : head) {
            groups[i++] = g;
        }
        while (i < 8 - tail.length) {
            groups[i++] = "0";
        }
        for (String g : tail) {
            groups[i++] = g;
        }
        StringBuilder sb = new StringBuilder();
        for (String g : groups) {
            sb.append(sb.length() == 0 ? "" : ":").append("0".repeat(4 - g.length())).append(g.toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":");
    }
}

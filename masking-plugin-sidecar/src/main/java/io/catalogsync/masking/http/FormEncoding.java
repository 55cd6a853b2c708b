package io.catalogsync.masking.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} for the token map of the split response. Every byte except the
 * unreserved characters {@code A-Z a-z 0-9 - _ . ~} is percent-encoded (spaces too, never {@code +}), so a
 * decoder that treats {@code +} as a space and one that does not read the same map.
 */
final class FormEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FormEncoding() {
    }

    static String encode(Map<String, String> map) {
        StringBuilder out = new StringBuilder(map.size() * 64);
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            encode(e.getKey(), out);
            out.append('=');
            encode(e.getValue(), out);
        }
        return out.toString();
    }

    private static void encode(String s, StringBuilder out) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}

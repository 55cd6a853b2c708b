package io.catalogsync.kong.admin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Where requests go: host, port and TLS from the base URL, and the request URI built as
 * {@code prefix [/workspace] path [?query]}. Encoding is done here, byte by byte over UTF-8, so that it is the
 * same everywhere and easy to reason about.
 */
final class AdminUris {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String host;
    private final int port;
    private final boolean tls;
    private final String prefix;
    private final String workspaceSegment;

    AdminUris(String baseUrl, String workspace) {
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl is not a valid URL: " + e.getMessage(), e);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl has no host: " + baseUrl);
        }
        if (uri.getRawUserInfo() != null) {
            // Not echoed: the user info may hold a password.
            throw new IllegalArgumentException("baseUrl must not contain user credentials; use the admin token");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl must not have a query or fragment: " + baseUrl);
        }
        this.tls = "https".equalsIgnoreCase(uri.getScheme());
        this.host = uri.getHost();
        this.port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String p = uri.getRawPath() == null ? "" : uri.getRawPath();
        this.prefix = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.workspaceSegment = workspace == null ? "" : "/" + segment(workspace);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    boolean tls() {
        return tls;
    }

    /** The URI sent on the wire for a request. */
    String requestUri(AdminRequest req) {
        StringBuilder sb = new StringBuilder(prefix);
        if (req.workspaced()) {
            sb.append(workspaceSegment);
        }
        sb.append(req.path());
        List<Map.Entry<String, String>> query = req.query();
        for (int i = 0; i < query.size(); i++) {
            Map.Entry<String, String> e = query.get(i);
            sb.append(i == 0 ? '?' : '&').append(queryValue(e.getKey())).append('=').append(queryValue(e.getValue()));
        }
        return sb.toString();
    }

    /**
     * One path segment (an id, a name, {@code host:port} of a target): everything outside RFC 3986 unreserved
     * characters is percent-encoded, except {@code :} and {@code @}, which are legal in a segment. A {@code /}
     * in a name therefore cannot change which endpoint is called.
     */
    static String segment(String raw) {
        return encode(raw, ":@");
    }

    /**
     * A query value. Besides unreserved characters, {@code ,} {@code /} and {@code :} stay literal: they are
     * legal in a query, and in {@code tags=} the first two carry Kong's AND / OR meaning (kong/api/endpoints.lua
     * reads the decoded value, so an encoded form would mean the same; literal keeps logs readable and matches
     * what the recorded transcripts send). Space, {@code +}, {@code &}, {@code =}, {@code %}, {@code #} and
     * non-ASCII are encoded, so a tag or offset can never split the query.
     */
    static String queryValue(String raw) {
        return encode(raw, ",/:");
    }

    private static String encode(String raw, String keep) {
        StringBuilder sb = null;
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean literal = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '-' || b == '.' || b == '_' || b == '~' || (b < 0x80 && keep.indexOf(b) >= 0);
            if (literal) {
                if (sb != null) {
                    sb.append((char) b);
                }
            } else {
                if (sb == null) {
                    sb = new StringBuilder(bytes.length + 16);
                    for (int j = 0; j < i; j++) {
                        sb.append((char) bytes[j]);
                    }
                }
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return sb == null ? raw : sb.toString();
    }
}

package io.catalogsync.sync.source;

import java.net.URI;

/** A URL as it may appear in logs and errors: scheme, host, port and path; no user info, no query. */
final class SafeUrl {

    private SafeUrl() {
    }

    static String of(URI u) {
        if (u == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder().append(u.getScheme()).append("://").append(u.getHost());
        if (u.getPort() != -1) {
            sb.append(':').append(u.getPort());
        }
        return sb.append(u.getRawPath() == null ? "" : u.getRawPath()).toString();
    }
}

package io.catalogsync.catalog.translate;

/**
 * URL paths as Kong accepts them in prefix routes and service paths (kong/db/schema/typedefs.lua
 * {@code typedefs.path} and the route check that a prefix path be normalised): starts with {@code /}, RFC 3986
 * path characters only, no empty segment ({@code //}), no {@code .}/{@code ..} segment. Percent-encoding is refused
 * outright: Kong normalises it before matching, so an encoded path would never match the way it reads.
 */
final class Paths {

    // RFC 3986 unreserved + sub-delims + ':' '@', the set typedefs.lua validate_path allows, minus '%' and '*'
    // ('*' is the catalog's wildcard and only allowed as a trailing "/*", handled by the caller).
    // As the regular expression /[A-Za-z0-9._~!$&'()+,;=:@/-]* (checked against it by HandWrittenMatchersTest),
    // by hand: it ran for every endpoint of every service.
    private static final String PLAIN_PUNCTUATION = "._~!$&'()+,;=:@/-";

    private Paths() {
    }

    static boolean isValidPlainPath(String path) {
        return path != null && isPlain(path) && !path.contains("//") && !hasDotSegment(path);
    }

    /** Why {@code path} is not a valid plain path, or null when it is. */
    static String problem(String path) {
        if (!path.startsWith("/")) {
            return "must start with '/'";
        }
        if (path.contains("//")) {
            return "must not have empty segments ('//')";
        }
        if (path.contains("%")) {
            return "must not be percent-encoded";
        }
        if (!isPlain(path)) {
            return "has characters outside RFC 3986 path characters (letters, digits, ._~!$&'()+,;=:@-/)";
        }
        if (hasDotSegment(path)) {
            return "must not have '.' or '..' segments";
        }
        return null;
    }

    private static boolean isPlain(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || PLAIN_PUNCTUATION.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a '/'-separated segment of {@code path} is "." or "..". */
    private static boolean hasDotSegment(String path) {
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int len = i - start;
                if (len == 1 && path.charAt(start) == '.' || len == 2 && path.charAt(start) == '.'
                        && path.charAt(start + 1) == '.') {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}

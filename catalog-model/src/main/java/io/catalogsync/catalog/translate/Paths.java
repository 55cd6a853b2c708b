package io.catalogsync.catalog.translate;

import java.util.regex.Pattern;

/**
 * URL paths as Kong accepts them in prefix routes and service paths (kong/db/schema/typedefs.lua
 * {@code typedefs.path} and the route check that a prefix path be normalised): starts with {@code /}, RFC 3986
 * path characters only, no empty segment ({@code //}), no {@code .}/{@code ..} segment. Percent-encoding is refused
 * outright: Kong normalises it before matching, so an encoded path would never match the way it reads.
 */
final class Paths {

    // RFC 3986 unreserved + sub-delims + ':' '@', the set typedefs.lua validate_path allows, minus '%' and '*'
    // ('*' is the catalog's wildcard and only allowed as a trailing "/*", handled by the caller).
    private static final Pattern PLAIN = Pattern.compile("/[A-Za-z0-9._~!$&'()+,;=:@/-]*");

    private Paths() {
    }

    static boolean isValidPlainPath(String path) {
        return path != null && PLAIN.matcher(path).matches() && !path.contains("//") && !hasDotSegment(path);
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
        if (!PLAIN.matcher(path).matches()) {
            return "has characters outside RFC 3986 path characters (letters, digits, ._~!$&'()+,;=:@-/)";
        }
        if (hasDotSegment(path)) {
            return "must not have '.' or '..' segments";
        }
        return null;
    }

    private static boolean hasDotSegment(String path) {
        for (String seg : path.split("/", -1)) {
            if (seg.equals(".") || seg.equals("..")) {
                return true;
            }
        }
        return false;
    }
}

package io.catalogsync.catalog.translate;

/**
 * Plugin config values are plain JSON values. Numbers are given the Java type Jackson itself produces when it
 * reads Kong's answer ({@code Integer} when it fits, else {@code Long}), so that a desired config equals the
 * config read back from Kong with {@code equals}.
 */
final class ConfigValues {

    private ConfigValues() {
    }

    static Object number(long n) {
        return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
    }
}

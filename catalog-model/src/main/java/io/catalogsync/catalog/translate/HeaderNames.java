package io.catalogsync.catalog.translate;

import java.util.regex.Pattern;

/** HTTP header names as Kong accepts them (kong/tools/utils.lua {@code validate_header_name}). */
final class HeaderNames {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]+");

    private HeaderNames() {
    }

    static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}

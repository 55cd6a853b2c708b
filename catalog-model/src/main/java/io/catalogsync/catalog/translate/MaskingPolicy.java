package io.catalogsync.catalog.translate;

import java.util.regex.Pattern;

/**
 * {@code masking.enabled} and {@code masking.profile}: attach the masking hook ({@code pre-function}) to every
 * Kong Service of the service, so that it covers all its routes.
 *
 * @param profile nullable: the sidecar's default profile
 */
record MaskingPolicy(String profile) {

    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Null unless {@code masking.enabled=true}. */
    static MaskingPolicy parse(Metadata md, String hookLua) {
        Boolean enabled = md.bool("masking.enabled");
        // An invalid masking.enabled is already an error; masking.profile is still checked (all errors at once).
        boolean invalid = enabled == null && md.has("masking.enabled");
        if (!invalid && (enabled == null || !enabled)) {
            if (!md.has("masking.enabled") || enabled != null) {
                md.ignore(java.util.List.of("masking.profile"), "masking.enabled is not true");
            }
            return null;
        }
        String profile = md.string("masking.profile");
        if (profile != null && !PROFILE.matcher(profile).matches()) {
            md.error("masking.profile", Metadata.quote(profile)
                    + " is not a profile name (letters, digits, '.', '_', '-'; at most 64)");
        }
        if (invalid) {
            return null;
        }
        if (hookLua == null || hookLua.isBlank()) {
            md.error("masking.enabled", "\"true\" needs the masking hook Lua source, and the daemon was not given"
                    + " one");
        }
        return new MaskingPolicy(profile);
    }
}

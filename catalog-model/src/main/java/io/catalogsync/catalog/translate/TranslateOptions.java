package io.catalogsync.catalog.translate;

import io.catalogsync.kong.admin.KongVersion;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Settings of the translation that do not come from the catalog.
 *
 * @param ownerTag                    tag on every entity the daemon owns; a valid Kong tag (no {@code ,} or
 *                                    {@code /})
 * @param maskingUrl                  the masking sidecar's base URL, as seen from Kong
 * @param maskingHookLua              the masking hook's Lua source (the sidecar module ships the one copy); needed
 *                                    only when a service sets {@code masking.enabled=true}
 * @param maskingSharedSecretVaultRef nullable vault reference the hook resolves to authenticate to the sidecar
 * @param kongRedis                   nullable Redis for rate-limiting's {@code redis} policy
 * @param kongVersion                 the running Kong's version: decides the rate-limiting Redis field shape
 * @param dbless                      whether the target Kong runs without a database ({@code database = off}),
 *                                    where some plugin settings do not exist (rate-limiting's {@code cluster})
 */
public record TranslateOptions(String ownerTag, String maskingUrl, String maskingHookLua,
                               String maskingSharedSecretVaultRef, KongRedis kongRedis, KongVersion kongVersion,
                               boolean dbless) {

    public static final String DEFAULT_OWNER_TAG = "managed-by:kong-catalog-sync";
    public static final String DEFAULT_MASKING_URL = "http://127.0.0.1:8085";
    /** The version the recorded transcripts come from; callers pass the detected version. */
    public static final KongVersion DEFAULT_KONG_VERSION = new KongVersion(3, 4, 2);

    // kong/db/schema/typedefs.lua validate_tag: printable utf-8, no ',' and no '/'.
    private static final Pattern TAG = Pattern.compile("[^,/\\p{Cntrl}\\s][^,/\\p{Cntrl}]*");

    public TranslateOptions {
        if (ownerTag == null || !TAG.matcher(ownerTag).matches()) {
            throw new IllegalArgumentException("owner tag must be a non-empty Kong tag without ',' or '/': '"
                    + ownerTag + "'");
        }
        if (maskingUrl == null || !isHttpUrl(maskingUrl)) {
            throw new IllegalArgumentException("masking URL must be an absolute http(s) URL: '" + maskingUrl + "'");
        }
        VaultRefs.require(maskingSharedSecretVaultRef, "masking shared secret");
        if (kongVersion == null) {
            throw new IllegalArgumentException("Kong version must be set");
        }
    }

    public static TranslateOptions defaults() {
        return new TranslateOptions(DEFAULT_OWNER_TAG, DEFAULT_MASKING_URL, null, null, null, DEFAULT_KONG_VERSION,
                false);
    }

    public TranslateOptions withOwnerTag(String v) {
        return new TranslateOptions(v, maskingUrl, maskingHookLua, maskingSharedSecretVaultRef, kongRedis,
                kongVersion, dbless);
    }

    public TranslateOptions withMaskingUrl(String v) {
        return new TranslateOptions(ownerTag, v, maskingHookLua, maskingSharedSecretVaultRef, kongRedis, kongVersion,
                dbless);
    }

    public TranslateOptions withMaskingHookLua(String v) {
        return new TranslateOptions(ownerTag, maskingUrl, v, maskingSharedSecretVaultRef, kongRedis, kongVersion,
                dbless);
    }

    public TranslateOptions withMaskingSharedSecretVaultRef(String v) {
        return new TranslateOptions(ownerTag, maskingUrl, maskingHookLua, v, kongRedis, kongVersion, dbless);
    }

    public TranslateOptions withKongRedis(KongRedis v) {
        return new TranslateOptions(ownerTag, maskingUrl, maskingHookLua, maskingSharedSecretVaultRef, v,
                kongVersion, dbless);
    }

    public TranslateOptions withKongVersion(KongVersion v) {
        return new TranslateOptions(ownerTag, maskingUrl, maskingHookLua, maskingSharedSecretVaultRef, kongRedis, v,
                dbless);
    }

    /** The target Kong's database mode (GET / {@code database}); a DB-less Kong refuses some settings. */
    public TranslateOptions withDbless(boolean v) {
        return new TranslateOptions(ownerTag, maskingUrl, maskingHookLua, maskingSharedSecretVaultRef, kongRedis,
                kongVersion, v);
    }

    /** The Lua source is long and the Redis settings are not interesting here: keep toString short. */
    @Override
    public String toString() {
        return "TranslateOptions[ownerTag=" + ownerTag + ", maskingUrl=" + maskingUrl + ", maskingHookLua="
                + (maskingHookLua == null ? "none" : maskingHookLua.length() + " chars")
                + ", maskingSharedSecretVaultRef=" + maskingSharedSecretVaultRef + ", kongRedis="
                + (kongRedis == null ? "none" : kongRedis.host() + ":" + kongRedis.port()) + ", kongVersion="
                + kongVersion + ", dbless=" + dbless + "]";
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}

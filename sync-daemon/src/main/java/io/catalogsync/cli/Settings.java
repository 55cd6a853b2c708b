package io.catalogsync.cli;

import io.catalogsync.catalog.translate.KongRedis;
import io.catalogsync.catalog.translate.TranslateOptions;
import io.catalogsync.kong.admin.KongAdminOptions;
import io.catalogsync.kong.admin.KongVersion;
import io.catalogsync.sync.ReconcileOptions;
import io.catalogsync.sync.apply.Applier;
import io.catalogsync.sync.guard.DeleteBudget;
import io.catalogsync.sync.guard.DeletionGuard;
import io.catalogsync.sync.source.HttpCatalogSourceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Every setting of the one-shot commands, resolved from flags > {@code KCS_*} environment (and the legacy
 * {@code CATALOG_API_KEY}, {@code KONG_API_KEY}) > YAML config file > defaults. {@link #toString()} never shows
 * a secret.
 *
 * <p>The daemon builds on this: it resolves its own keys with the same {@link ConfigLayers} (see
 * {@link #layers}) and keeps a {@code Settings} for everything below.
 *
 * @param catalog          {@code --catalog}: URL, file or directory; null when not set
 * @param kongAdminUrl     {@code --kong-admin}; null when not set
 * @param kongRedis        null when no Kong-side Redis is configured
 * @param kongVersion      for render/validate without a Kong
 */
public record Settings(
        String catalog,
        String catalogApiKey,
        Duration catalogTimeout,
        String kongAdminUrl,
        String kongAdminToken,
        String kongAdminCaCert,
        boolean kongAdminInsecure,
        String ownerTag,
        String maskingUrl,
        String maskingSecretRef,
        KongRedis kongRedis,
        KongVersion kongVersion,
        double maxDeleteRatio,
        boolean force,
        int parallelism,
        DeleteBudget deleteBudget,
        CommonOptions.Output output) {

    public static final Duration DEFAULT_CATALOG_TIMEOUT = HttpCatalogSourceOptions.DEFAULT_TOTAL_TIMEOUT;

    /** The layers a command's flags sit on: environment and the config file named by {@code --config}/KCS_CONFIG. */
    public static ConfigLayers layers(CommonOptions common, Map<String, String> env) {
        Path config = common != null && common.config != null ? common.config
                : env.get("KCS_CONFIG") != null && !env.get("KCS_CONFIG").isEmpty() ? Path.of(env.get("KCS_CONFIG"))
                : null;
        return ConfigLayers.load(env, config);
    }

    /** Resolves every setting; mixins a command does not have may be null (their flags count as not given). */
    public static Settings resolve(Map<String, String> env, CommonOptions common, CatalogOptions catalog,
                                   KongOptions kong, TranslationOptions translation, SyncOptions sync) {
        ConfigLayers l = layers(common, env);
        CommonOptions co = common != null ? common : new CommonOptions();
        CatalogOptions c = catalog != null ? catalog : new CatalogOptions();
        KongOptions k = kong != null ? kong : new KongOptions();
        TranslationOptions t = translation != null ? translation : new TranslationOptions();
        SyncOptions s = sync != null ? sync : new SyncOptions();

        String output = l.string(co.output == null ? null : co.output.name(), "--output", "output", "text", "KCS_OUTPUT");
        CommonOptions.Output out;
        try {
            out = CommonOptions.Output.valueOf(output.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("output: \"" + output + "\" is not text or json");
        }

        String versionText = l.string(t.kongVersion, "--kong-version", "kongVersion",
                TranslateOptions.DEFAULT_KONG_VERSION.toString(), "KCS_KONG_VERSION");
        KongVersion version;
        try {
            version = KongVersion.parse(versionText).requireSupported();
        } catch (IllegalArgumentException e) {
            throw new SettingsException("kong version: " + e.getMessage());
        }

        KongRedis redis = null;
        String redisHost = l.string(t.redisHost, "--kong-redis-host", "kongRedis.host", null, "KCS_KONG_REDIS_HOST");
        if ((redisHost == null || redisHost.isBlank()) && l.string(t.redisPassword, "--kong-redis-password",
                "kongRedis.password", null, "KCS_KONG_REDIS_PASSWORD") != null) {
            // Without a host there is no Redis for the password to go to: ignoring it would leave a user believing
            // rate-limiting authenticates. Never echo the value.
            throw new SettingsException("--kong-redis-password (KCS_KONG_REDIS_PASSWORD, kongRedis.password) is set "
                    + "but --kong-redis-host (KCS_KONG_REDIS_HOST, kongRedis.host) is not: give the host too, or "
                    + "drop the password");
        }
        if (redisHost != null && !redisHost.isBlank()) {
            int port = l.integer(t.redisPort, "--kong-redis-port", "kongRedis.port", 6379, 1, 65535,
                    "KCS_KONG_REDIS_PORT");
            try {
                redis = new KongRedis(redisHost, port,
                        l.bool(t.redisSsl, "--kong-redis-ssl", "kongRedis.ssl", false, "KCS_KONG_REDIS_SSL"),
                        l.bool(t.redisSslVerify, "--kong-redis-ssl-verify", "kongRedis.sslVerify", false,
                                "KCS_KONG_REDIS_SSL_VERIFY"),
                        l.string(t.redisServerName, "--kong-redis-server-name", "kongRedis.serverName", null,
                                "KCS_KONG_REDIS_SERVER_NAME"),
                        l.integer(t.redisDatabase, "--kong-redis-database", "kongRedis.database", null, 0, 1 << 16,
                                "KCS_KONG_REDIS_DATABASE"),
                        l.string(t.redisUsername, "--kong-redis-username", "kongRedis.username", null,
                                "KCS_KONG_REDIS_USERNAME"),
                        l.string(t.redisPassword, "--kong-redis-password", "kongRedis.password", null,
                                "KCS_KONG_REDIS_PASSWORD"),
                        l.integer(t.redisTimeout, "--kong-redis-timeout", "kongRedis.timeout", null, 0, 2147483646,
                                "KCS_KONG_REDIS_TIMEOUT"));
            } catch (IllegalArgumentException e) {
                throw new SettingsException("Kong Redis settings: " + e.getMessage());
            }
        }

        Settings settings = new Settings(
                blankToNull(l.string(c.catalog, "--catalog", "catalog", null, "KCS_CATALOG")),
                blankToNull(l.string(c.catalogApiKey, "--catalog-api-key", "catalogApiKey", null,
                        "KCS_CATALOG_API_KEY", "CATALOG_API_KEY")),
                l.duration(c.catalogTimeout, "--catalog-timeout", "catalogTimeout", DEFAULT_CATALOG_TIMEOUT,
                        "KCS_CATALOG_TIMEOUT"),
                blankToNull(l.string(k.kongAdmin, "--kong-admin", "kongAdmin", null, "KCS_KONG_ADMIN_URL")),
                blankToNull(l.string(k.kongAdminToken, "--kong-admin-token", "kongAdminToken", null,
                        "KCS_KONG_ADMIN_TOKEN", "KONG_API_KEY")),
                blankToNull(l.string(k.caCert, "--kong-admin-ca-cert", "kongAdminCaCert", null, "KCS_KONG_ADMIN_CA_CERT")),
                l.bool(k.insecure, "--kong-admin-insecure", "kongAdminInsecure", false, "KCS_KONG_ADMIN_INSECURE"),
                l.string(t.ownerTag, "--owner-tag", "ownerTag", TranslateOptions.DEFAULT_OWNER_TAG, "KCS_OWNER_TAG"),
                l.string(t.maskingUrl, "--masking-url", "maskingUrl", TranslateOptions.DEFAULT_MASKING_URL,
                        "KCS_MASKING_URL"),
                blankToNull(l.string(t.maskingSecretRef, "--masking-secret-ref", "maskingSecretRef", null,
                        "KCS_MASKING_SECRET_REF")),
                redis,
                version,
                l.decimal(s.maxDeleteRatio, "--max-delete-ratio", "maxDeleteRatio",
                        DeletionGuard.DEFAULT_MAX_DELETE_RATIO, 0.0, 1.0, "KCS_MAX_DELETE_RATIO"),
                l.bool(s.force, "--force", "force", false, "KCS_FORCE"),
                l.integer(s.parallelism, "--parallelism", "parallelism", Applier.DEFAULT_PARALLELISM, 1, 256,
                        "KCS_PARALLELISM"),
                deleteBudget(l, s),
                out);
        settings.translateOptions(null); // validates owner tag, masking URL and references now, with their names
        return settings;
    }

    private static DeleteBudget deleteBudget(ConfigLayers l, SyncOptions s) {
        Duration window = l.duration(s.deleteWindow, "--delete-window", "deleteWindow", DeleteBudget.DEFAULT_WINDOW,
                "KCS_DELETE_WINDOW");
        if (window.isNegative() || window.isZero()) {
            throw new SettingsException("--delete-window must be positive, was " + window);
        }
        return new DeleteBudget(l.integer(s.maxDeletesPerWindow, "--max-deletes-per-window", "maxDeletesPerWindow",
                DeleteBudget.DEFAULT_MAX_DELETES, 0, Integer.MAX_VALUE - 1, "KCS_MAX_DELETES_PER_WINDOW"), window);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The catalog setting, or a usage error naming every way to give it. */
    public String requireCatalog() {
        if (catalog == null) {
            throw new SettingsException("no catalog given: use --catalog URL|FILE|DIR, KCS_CATALOG or 'catalog' "
                    + "in the config file");
        }
        return catalog;
    }

    public String requireKongAdmin() {
        if (kongAdminUrl == null) {
            throw new SettingsException("no Kong Admin API given: use --kong-admin URL, KCS_KONG_ADMIN_URL or "
                    + "'kongAdmin' in the config file");
        }
        return kongAdminUrl;
    }

    /** Translation settings; {@code hookLua} is the masking hook source (null when not packaged). */
    public TranslateOptions translateOptions(String hookLua) {
        try {
            return new TranslateOptions(ownerTag, maskingUrl, hookLua, maskingSecretRef, kongRedis, kongVersion, false);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    public ReconcileOptions reconcileOptions(boolean dryRun) {
        return new ReconcileOptions(dryRun, force, maxDeleteRatio, parallelism, deleteBudget);
    }

    public KongAdminOptions kongAdminOptions() {
        try {
            KongAdminOptions o = new KongAdminOptions().setBaseUrl(requireKongAdmin()).setAdminToken(kongAdminToken)
                    .setInsecureSkipTlsVerify(kongAdminInsecure)
                    .setMaxInFlight(Math.max(parallelism * 2, KongAdminOptions.DEFAULT_MAX_IN_FLIGHT));
            if (kongAdminCaCert != null) {
                o.setCaCertPath(kongAdminCaCert);
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new SettingsException("--kong-admin: " + e.getMessage());
        }
    }

    public HttpCatalogSourceOptions catalogSourceOptions() {
        return new HttpCatalogSourceOptions().setApiKey(catalogApiKey).setTotalTimeout(catalogTimeout);
    }

    private static String withoutUserInfo(String url) {
        return url == null ? null : url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "Settings[catalog=" + withoutUserInfo(catalog) + ", catalogApiKey=" + (catalogApiKey == null ? "none" : "***")
                + ", kongAdminUrl=" + kongAdminUrl + ", kongAdminToken=" + (kongAdminToken == null ? "none" : "***")
                + ", ownerTag=" + ownerTag + ", maskingUrl=" + maskingUrl + ", kongRedis="
                + (kongRedis == null ? "none" : kongRedis.host() + ":" + kongRedis.port()) + ", kongVersion="
                + kongVersion + ", maxDeleteRatio=" + maxDeleteRatio + ", force=" + force + ", parallelism="
                + parallelism + ", deleteBudget=" + deleteBudget + ", output=" + output + "]";
    }
}

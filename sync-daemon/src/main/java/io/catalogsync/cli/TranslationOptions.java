package io.catalogsync.cli;

import picocli.CommandLine.Option;

/** Settings of the translation to Kong entities that do not come from the catalog. */
public final class TranslationOptions {

    @Option(names = "--owner-tag", paramLabel = "TAG",
            description = "Tag on every entity the daemon owns; it never touches others "
                    + "(default: managed-by:kong-catalog-sync; env: KCS_OWNER_TAG).")
    String ownerTag;

    @Option(names = "--masking-url", paramLabel = "URL",
            description = "The masking sidecar as Kong reaches it (default: http://127.0.0.1:8085; env: KCS_MASKING_URL).")
    String maskingUrl;

    @Option(names = "--masking-secret-ref", paramLabel = "VAULT_REF",
            description = "Vault reference to the secret the hook presents to the sidecar, e.g. "
                    + "{vault://env/kcs-masking-secret} (env: KCS_MASKING_SECRET_REF).")
    String maskingSecretRef;

    @Option(names = "--kong-redis-host", paramLabel = "HOST",
            description = "Redis for rate-limiting's redis policy; without it rate limits are per node "
                    + "(env: KCS_KONG_REDIS_HOST).")
    String redisHost;

    @Option(names = "--kong-redis-port", paramLabel = "PORT",
            description = "(default: 6379; env: KCS_KONG_REDIS_PORT).")
    String redisPort;

    @Option(names = "--kong-redis-ssl", arity = "0..1", paramLabel = "BOOL",
            description = "TLS to Redis, e.g. ElastiCache in-transit encryption (default: false; env: KCS_KONG_REDIS_SSL).")
    Boolean redisSsl;

    @Option(names = "--kong-redis-ssl-verify", arity = "0..1", paramLabel = "BOOL",
            description = "Verify the Redis certificate (default: false; env: KCS_KONG_REDIS_SSL_VERIFY).")
    Boolean redisSslVerify;

    @Option(names = "--kong-redis-server-name", paramLabel = "SNI",
            description = "TLS server name for Redis (env: KCS_KONG_REDIS_SERVER_NAME).")
    String redisServerName;

    @Option(names = "--kong-redis-database", paramLabel = "N",
            description = "Redis database (default: Kong's 0; env: KCS_KONG_REDIS_DATABASE).")
    String redisDatabase;

    @Option(names = "--kong-redis-username", paramLabel = "VAULT_REF",
            description = "Vault reference to the Redis user name (env: KCS_KONG_REDIS_USERNAME).")
    String redisUsername;

    @Option(names = "--kong-redis-password", paramLabel = "VAULT_REF",
            description = "Vault reference to the Redis password, e.g. {vault://env/kong-redis-password}; plain "
                    + "passwords are refused (env: KCS_KONG_REDIS_PASSWORD).")
    String redisPassword;

    @Option(names = "--kong-redis-timeout", paramLabel = "MS",
            description = "Redis timeout in milliseconds (default: Kong's 2000; env: KCS_KONG_REDIS_TIMEOUT).")
    String redisTimeout;

    @Option(names = "--kong-version", paramLabel = "VERSION",
            description = "Kong version to shape entities for when no Kong is asked (render, validate) "
                    + "(default: 3.4.2; env: KCS_KONG_VERSION).")
    String kongVersion;
}

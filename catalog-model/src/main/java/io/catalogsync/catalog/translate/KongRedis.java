package io.catalogsync.catalog.translate;

/**
 * The Redis that Kong itself uses for the rate-limiting plugin's {@code redis} policy (not the masking sidecar's
 * Redis). Credentials are Kong vault references, never values: Kong resolves them at runtime
 * (rate-limiting marks {@code redis_username}/{@code redis_password} {@code referenceable}).
 *
 * @param host             Redis host name or IP
 * @param port             1..65535
 * @param ssl              TLS to Redis (ElastiCache in-transit encryption)
 * @param sslVerify        verify the server certificate (needs {@code lua_ssl_trusted_certificate} in Kong)
 * @param serverName       SNI name, nullable
 * @param database         nullable (Kong default 0)
 * @param usernameVaultRef nullable, e.g. {@code {vault://env/kcs-redis-username}}
 * @param passwordVaultRef nullable, e.g. {@code {vault://env/kcs-redis-password}}
 * @param timeoutMs        nullable (Kong default 2000)
 */
public record KongRedis(String host, int port, boolean ssl, boolean sslVerify, String serverName, Integer database,
                        String usernameVaultRef, String passwordVaultRef, Integer timeoutMs) {

    public KongRedis {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Kong Redis host must be set");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Kong Redis port must be 1..65535, got " + port);
        }
        if (database != null && database < 0) {
            throw new IllegalArgumentException("Kong Redis database must be >= 0, got " + database);
        }
        if (timeoutMs != null && (timeoutMs < 0 || timeoutMs > 2147483646)) {
            throw new IllegalArgumentException("Kong Redis timeout must be 0..2147483646 ms, got " + timeoutMs);
        }
        VaultRefs.require(usernameVaultRef, "Kong Redis username");
        VaultRefs.require(passwordVaultRef, "Kong Redis password");
    }

    /** Plain Redis on {@code host:port}, no TLS, no AUTH, Kong's defaults for the rest. */
    public static KongRedis of(String host, int port) {
        return new KongRedis(host, port, false, false, null, null, null, null, null);
    }

    public KongRedis withTls(boolean newSsl, boolean newSslVerify, String newServerName) {
        return new KongRedis(host, port, newSsl, newSslVerify, newServerName, database, usernameVaultRef,
                passwordVaultRef, timeoutMs);
    }

    public KongRedis withCredentials(String newUsernameVaultRef, String newPasswordVaultRef) {
        return new KongRedis(host, port, ssl, sslVerify, serverName, database, newUsernameVaultRef,
                newPasswordVaultRef, timeoutMs);
    }

    public KongRedis withDatabase(Integer newDatabase) {
        return new KongRedis(host, port, ssl, sslVerify, serverName, newDatabase, usernameVaultRef,
                passwordVaultRef, timeoutMs);
    }

    public KongRedis withTimeoutMs(Integer newTimeoutMs) {
        return new KongRedis(host, port, ssl, sslVerify, serverName, database, usernameVaultRef,
                passwordVaultRef, newTimeoutMs);
    }
}

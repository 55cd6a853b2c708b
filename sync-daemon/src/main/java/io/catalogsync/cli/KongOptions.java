package io.catalogsync.cli;

import picocli.CommandLine.Option;

/** How to reach Kong's Admin API. */
public final class KongOptions {

    @Option(names = "--kong-admin", paramLabel = "URL",
            description = "Kong Admin API URL, e.g. http://127.0.0.1:8001 (env: KCS_KONG_ADMIN_URL).")
    String kongAdmin;

    @Option(names = "--kong-admin-token", paramLabel = "TOKEN",
            description = "Sent as Kong-Admin-Token; prefer the variable (env: KCS_KONG_ADMIN_TOKEN, KONG_API_KEY).")
    String kongAdminToken;

    @Option(names = "--kong-admin-ca-cert", paramLabel = "FILE",
            description = "PEM CA certificate(s) for an https Admin API (env: KCS_KONG_ADMIN_CA_CERT).")
    String caCert;

    @Option(names = "--kong-admin-insecure", arity = "0..1", paramLabel = "BOOL",
            description = "Development only: accept any Admin API certificate (env: KCS_KONG_ADMIN_INSECURE).")
    Boolean insecure;
}

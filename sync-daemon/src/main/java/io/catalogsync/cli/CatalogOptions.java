package io.catalogsync.cli;

import picocli.CommandLine.Option;

/** Where the catalog is and how to read it. */
public final class CatalogOptions {

    @Option(names = "--catalog", paramLabel = "URL|PATH",
            description = "Catalog: an http(s) URL of the catalog API (a bare base URL gets /api/v1/services), "
                    + "a YAML/JSON file, or a directory of them (env: KCS_CATALOG).")
    String catalog;

    @Option(names = "--catalog-api-key", paramLabel = "KEY",
            description = "Bearer key for the catalog API; prefer the variable (env: KCS_CATALOG_API_KEY, "
                    + "CATALOG_API_KEY).")
    String catalogApiKey;

    @Option(names = "--catalog-timeout", paramLabel = "DURATION",
            description = "Bound on one whole catalog fetch, every page included (default: 60s; env: "
                    + "KCS_CATALOG_TIMEOUT).")
    String catalogTimeout;
}

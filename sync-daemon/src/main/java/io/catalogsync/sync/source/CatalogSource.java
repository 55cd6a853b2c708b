package io.catalogsync.sync.source;

import io.vertx.core.Future;

/** Where the catalog comes from: the catalog API over HTTP, or a file or directory (GitOps, offline use). */
public interface CatalogSource {

    /** Reads the whole catalog. The future always succeeds; failures are {@link CatalogFetch.Failed}. */
    Future<CatalogFetch> fetch();

    /** Where this source reads from, safe to log (no credentials, no query string). */
    String describe();
}

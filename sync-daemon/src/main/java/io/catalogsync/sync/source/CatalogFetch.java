package io.catalogsync.sync.source;

import io.catalogsync.catalog.CatalogService;
import java.util.List;

/**
 * The outcome of one catalog fetch. A fetch never fails its future: failures are {@link Failed} values, so a
 * cycle can tell "the catalog is empty" (a {@link Fetched} with no service) from "the catalog could not be
 * read" — the latter must never delete anything.
 */
public sealed interface CatalogFetch permits CatalogFetch.Fetched, CatalogFetch.NotModified, CatalogFetch.Failed {

    /**
     * The whole catalog.
     *
     * @param etag     the validator to send next time ({@code ETag} of the catalog API, a content hash for
     *                 files), or null
     * @param warnings things worth telling the operator that did not stop the fetch
     */
    record Fetched(List<CatalogService> services, String etag, List<String> warnings) implements CatalogFetch {
        public Fetched {
            services = List.copyOf(services);
            warnings = List.copyOf(warnings);
        }
    }

    /** The catalog API answered {@code 304 Not Modified} to {@code If-None-Match}: the last catalog still holds. */
    record NotModified(String etag) implements CatalogFetch {
    }

    /**
     * The catalog could not be read. {@code unavailable} distinguishes "could not reach it" (connection,
     * timeout, non-2xx status) from "reached it but the content is unusable" (syntax, shape, size). The message
     * names the cause and never contains the API key.
     */
    record Failed(String message, boolean unavailable, Throwable cause) implements CatalogFetch {
    }
}

package io.catalogsync.sync.source;

import io.vertx.core.Vertx;
import java.nio.file.Path;

/** Picks the source for a {@code --catalog} value: an http(s) URL, or a file or directory path. */
public final class CatalogSources {

    private CatalogSources() {
    }

    public static boolean isUrl(String catalog) {
        String c = catalog.trim().toLowerCase(java.util.Locale.ROOT);
        return c.startsWith("http://") || c.startsWith("https://");
    }

    /**
     * @param httpOptions used for URLs; its URL is set from {@code catalog}
     */
    public static CatalogSource create(Vertx vertx, String catalog, HttpCatalogSourceOptions httpOptions) {
        if (isUrl(catalog)) {
            return new HttpCatalogSource(vertx, httpOptions.setUrl(catalog));
        }
        return new FileCatalogSource(vertx, Path.of(catalog));
    }
}

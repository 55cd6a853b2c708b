package io.catalogsync.catalog;

import java.util.List;

/**
 * One response of the catalog API.
 *
 * @param next the {@code next} link as the catalog sent it (relative or absolute), or {@code null} on the last page
 */
public record CatalogPage(List<CatalogService> services, String next) {

    public CatalogPage {
        services = List.copyOf(services);
    }
}

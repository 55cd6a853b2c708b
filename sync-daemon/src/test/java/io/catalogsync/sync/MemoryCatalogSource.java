package io.catalogsync.sync;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.sync.source.CatalogFetch;
import io.catalogsync.sync.source.CatalogSource;
import io.vertx.core.Future;
import java.util.List;

/** A catalog held in memory, for tests that generate catalogs. */
public final class MemoryCatalogSource implements CatalogSource {

    private volatile List<CatalogService> services = List.of();

    public void set(List<CatalogService> services) {
        this.services = List.copyOf(services);
    }

    @Override
    public Future<CatalogFetch> fetch() {
        return Future.succeededFuture(new CatalogFetch.Fetched(services, null, List.of()));
    }

    @Override
    public String describe() {
        return "memory";
    }
}

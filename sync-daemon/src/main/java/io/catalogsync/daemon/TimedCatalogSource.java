package io.catalogsync.daemon;

import io.catalogsync.sync.source.CatalogFetch;
import io.catalogsync.sync.source.CatalogSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Objects;

/**
 * Times every catalog fetch into {@value SyncMetrics#CATALOG_FETCH} ({@code kong_catalog_fetch_seconds}) with a
 * {@code result} tag: {@code ok}, {@code not_modified}, {@code unavailable} (no answer, timeout, non-2xx) or
 * {@code invalid} (answered, but not a usable catalog). What the catalog held is in the engine's report.
 */
public final class TimedCatalogSource implements CatalogSource {

    private final CatalogSource delegate;
    private final MeterRegistry registry;

    public TimedCatalogSource(CatalogSource delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Future<CatalogFetch> fetch() {
        long t0 = System.nanoTime();
        return delegate.fetch().onComplete(ar -> {
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String result;
            if (ar.failed()) {
                // The contract says fetch() never fails; count it anyway rather than lose it.
                result = "unavailable";
            } else if (ar.result() instanceof CatalogFetch.Fetched) {
                result = "ok";
            } else if (ar.result() instanceof CatalogFetch.NotModified) {
                result = "not_modified";
            } else {
                result = ((CatalogFetch.Failed) ar.result()).unavailable() ? "unavailable" : "invalid";
            }
            Timer.builder(SyncMetrics.CATALOG_FETCH).tag("result", result)
                    .description("Catalog fetches by result")
                    .serviceLevelObjectives(SyncMetrics.REQUEST_BUCKETS)
                    .register(registry).record(took);
        });
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}

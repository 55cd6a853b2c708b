package io.catalogsync.cli;

import io.catalogsync.catalog.translate.Translation;
import io.catalogsync.catalog.translate.Translator;
import io.catalogsync.kong.admin.KongAdminClient;
import io.catalogsync.sync.MaskingHookSource;
import io.catalogsync.sync.Reconciler;
import io.catalogsync.sync.source.CatalogFetch;
import io.catalogsync.sync.source.CatalogSource;
import io.catalogsync.sync.source.CatalogSources;
import io.catalogsync.sync.source.HttpCatalogSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What one command run needs: a Vert.x instance, the catalog source and (for plan/run) the Kong client, all
 * closed at the end. Commands run on the main thread and wait for futures here, never on an event loop.
 */
final class CommandContext implements AutoCloseable {

    private static final Duration WAIT = Duration.ofMinutes(30);

    final Vertx vertx = Vertx.vertx();
    final Settings settings;
    private CatalogSource source;
    private KongAdminClient kong;

    CommandContext(Settings settings) {
        this.settings = settings;
    }

    CatalogSource source() {
        if (source == null) {
            source = CatalogSources.create(vertx, settings.requireCatalog(), settings.catalogSourceOptions());
        }
        return source;
    }

    KongAdminClient kong() {
        if (kong == null) {
            kong = KongAdminClient.create(vertx, settings.kongAdminOptions());
        }
        return kong;
    }

    Reconciler reconciler() {
        return new Reconciler(vertx, source(), kong(), settings.translateOptions(MaskingHookSource.load().orElse(null)));
    }

    CatalogFetch fetch() {
        return await(source().fetch());
    }

    /** Translation for the commands that do not ask Kong: shapes follow {@code --kong-version}. */
    Translation translate(CatalogFetch.Fetched fetched) {
        return Translator.translate(fetched.services(),
                settings.translateOptions(MaskingHookSource.load().orElse(null)));
    }

    /** Translation shaped for the Kong that answered {@code info} (its version and mode), as a sync would. */
    Translation translate(CatalogFetch.Fetched fetched, io.catalogsync.kong.admin.KongInfo info) {
        return Translator.translate(fetched.services(), settings.translateOptions(MaskingHookSource.load().orElse(null))
                .withKongVersion(info.supportedVersion()).withDbless(info.dbless()));
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("gave up waiting after " + WAIT.toMinutes() + " minutes", e);
        }
    }

    @Override
    public void close() {
        if (source instanceof HttpCatalogSource h) {
            h.close();
        }
        if (kong != null) {
            kong.close();
        }
        await(vertx.close());
    }
}

package io.catalogsync.sync.source;

import io.catalogsync.catalog.CatalogPage;
import io.catalogsync.catalog.CatalogParseException;
import io.catalogsync.catalog.CatalogParser;
import io.catalogsync.catalog.CatalogService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog API: {@code GET {url}} with {@code Authorization: Bearer <key>}, following {@code next} links
 * (absolute or relative to the page) up to a page cap. The first request carries {@code If-None-Match} with
 * the last complete fetch's {@code ETag}; {@code 304} means unchanged.
 *
 * <p>Built on the Vert.x HTTP client (what WebClient wraps) to stream the body: a response larger than the cap
 * is cut off as soon as it passes the cap, instead of being buffered whole. Connect and read (idle) timeouts
 * bound each request, a total timeout the whole fetch. Pages are parsed on a worker thread: a 32 MiB JSON
 * document must not stall the event loop.
 */
public final class HttpCatalogSource implements CatalogSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCatalogSource.class);

    private final Vertx vertx;
    private final HttpCatalogSourceOptions options;
    private final HttpClient client;
    private volatile String lastEtag;

    public HttpCatalogSource(Vertx vertx, HttpCatalogSourceOptions options) {
        if (options.getUrl() == null) {
            throw new IllegalArgumentException("catalog URL must be set");
        }
        this.vertx = vertx;
        this.options = options;
        HttpClientOptions o = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeout().toMillis()))
                .setTrustAll(options.isTrustAll())
                .setVerifyHost(!options.isTrustAll())
                .setMaxRedirects(0)
                .setDecompressionSupported(true);
        this.client = vertx.createHttpClient(o);
    }

    @Override
    public String describe() {
        return SafeUrl.of(options.getUrl());
    }

    @Override
    public Future<CatalogFetch> fetch() {
        Promise<CatalogFetch> result = Promise.promise();
        long deadline = vertx.setTimer(options.getTotalTimeout().toMillis(), t -> result.tryComplete(
                new CatalogFetch.Failed("catalog fetch from " + describe() + " did not finish within "
                        + options.getTotalTimeout().toSeconds() + " s", true,
                        new TimeoutException("catalog total timeout"))));
        new Run(result).page(options.getUrl(), 1);
        return result.future().onComplete(ar -> vertx.cancelTimer(deadline));
    }

    /** One fetch: the pages read so far. */
    private final class Run {
        private final Promise<CatalogFetch> result;
        private final List<CatalogService> services = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private String etag;

        Run(Promise<CatalogFetch> result) {
            this.result = result;
        }

        void page(URI url, int number) {
            if (result.future().isComplete()) {
                return;
            }
            if (number > options.getMaxPages()) {
                fail("the catalog has more than " + options.getMaxPages() + " pages; giving up", false, null);
                return;
            }
            if (!seen.add(url.toString())) {
                fail("the catalog's next links loop back to " + SafeUrl.of(url), false, null);
                return;
            }
            RequestOptions req = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setAbsoluteURI(url.toString())
                    .setConnectTimeout(options.getConnectTimeout().toMillis())
                    .setIdleTimeout(options.getReadTimeout().toMillis())
                    .putHeader(HttpHeaders.ACCEPT, "application/json");
            if (options.getApiKey() != null) {
                req.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + options.getApiKey());
            }
            String validator = lastEtag;
            if (number == 1 && validator != null) {
                req.putHeader(HttpHeaders.IF_NONE_MATCH, validator);
            }
            client.request(req)
                    .compose(r -> r.send())
                    .onFailure(e -> fail("could not read the catalog at " + SafeUrl.of(url) + ": " + describe(e), true, e))
                    .onSuccess(resp -> response(url, number, resp, validator));
        }

        private void response(URI url, int number, HttpClientResponse resp, String validator) {
            boolean[] cut = {false};
            // Installed first: resetting the stream below (error status, oversize body) reports the reset here,
            // and after an early end of this fetch there is nothing more to say.
            resp.exceptionHandler(e -> {
                if (!cut[0]) {
                    fail("the catalog response from " + SafeUrl.of(url) + " broke off: " + describe(e), true, e);
                }
            });
            int status = resp.statusCode();
            if (number == 1 && status == 304 && validator != null) {
                result.tryComplete(new CatalogFetch.NotModified(validator));
                return;
            }
            if (status < 200 || status > 299) {
                cut[0] = true;
                resp.request().reset();
                fail("the catalog at " + SafeUrl.of(url) + " answered HTTP " + status
                        + (status == 401 || status == 403 ? " (check the catalog API key)" : ""), true, null);
                return;
            }
            if (number == 1) {
                etag = resp.getHeader(HttpHeaders.ETAG);
            }
            String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parseLong(length) > options.getMaxBytes()) {
                cut[0] = true;
                resp.request().reset();
                fail(tooLarge(url), false, null);
                return;
            }
            Buffer body = Buffer.buffer();
            long[] size = {0};
            resp.handler(chunk -> {
                if (cut[0]) {
                    return;
                }
                size[0] += chunk.length();
                if (size[0] > options.getMaxBytes()) {
                    cut[0] = true;
                    resp.request().reset();
                    fail(tooLarge(url), false, null);
                    return;
                }
                body.appendBuffer(chunk);
            });
            resp.endHandler(v -> {
                if (!cut[0]) {
                    parse(url, number, body);
                }
            });
        }

        private void parse(URI url, int number, Buffer body) {
            byte[] bytes = body.getBytes();
            String name = "catalog page " + number + " (" + SafeUrl.of(url) + ")";
            vertx.executeBlocking(() -> CatalogParser.parseJson(bytes, name), false)
                    .onFailure(e -> fail(e instanceof CatalogParseException ? e.getMessage()
                            : name + ": " + describe(e), false, e))
                    .onSuccess(p -> next(url, number, p));
        }

        private void next(URI url, int number, CatalogPage p) {
            services.addAll(p.services());
            if (p.next() == null || p.next().isBlank()) {
                lastEtag = etag;
                result.tryComplete(new CatalogFetch.Fetched(services, etag, List.of()));
                return;
            }
            URI nextUrl;
            try {
                nextUrl = url.resolve(new URI(p.next().trim()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                fail("catalog page " + number + " has an invalid next link", false, e);
                return;
            }
            if (!"http".equals(nextUrl.getScheme()) && !"https".equals(nextUrl.getScheme())) {
                fail("catalog page " + number + " has a next link that is not http(s)", false, null);
                return;
            }
            if (!sameOrigin(url, nextUrl)) {
                // The bearer key must not follow a link to another host.
                fail("catalog page " + number + " links to another host (" + nextUrl.getHost() + "); refusing to "
                        + "send the catalog API key there", false, null);
                return;
            }
            page(nextUrl, number + 1);
        }

        private void fail(String message, boolean unavailable, Throwable cause) {
            if (result.tryComplete(new CatalogFetch.Failed(message, unavailable, cause))) {
                LOG.debug("catalog fetch failed: {}", message);
            }
        }
    }

    private String tooLarge(URI url) {
        return "the catalog response from " + SafeUrl.of(url) + " is larger than " + options.getMaxBytes()
                + " bytes; giving up";
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        client.close();
    }
}

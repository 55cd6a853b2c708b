package io.catalogsync.sync.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;

/**
 * How to read the catalog API. Setters reject bad values and return {@code this}; the API key is write-only
 * ({@link #toString()} never shows it).
 */
public final class HttpCatalogSourceOptions {

    /** Appended to a bare base URL ({@code https://catalog.internal}); a URL with a path is used as given. */
    public static final String DEFAULT_SERVICES_PATH = "/api/v1/services";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    public static final int DEFAULT_MAX_PAGES = 1000;

    private URI url;
    private String apiKey;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private int maxPages = DEFAULT_MAX_PAGES;
    private boolean trustAll;

    public URI getUrl() {
        return url;
    }

    /**
     * The services URL ({@code https://catalog/api/v1/services}), or the catalog's base URL, to which
     * {@value #DEFAULT_SERVICES_PATH} is appended. User info in the URL is refused: credentials go in the key.
     */
    public HttpCatalogSourceOptions setUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("catalog URL is not a valid URL: " + e.getReason());
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("catalog URL must be an absolute http(s) URL");
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("catalog URL must not carry credentials; use the catalog API key");
        }
        if (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/")) {
            u = u.resolve(DEFAULT_SERVICES_PATH);
        }
        this.url = u;
        return this;
    }

    public String getApiKey() {
        return apiKey;
    }

    /** Sent as {@code Authorization: Bearer <key>}; null or empty for none. */
    public HttpCatalogSourceOptions setApiKey(String apiKey) {
        this.apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
        return this;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public HttpCatalogSourceOptions setConnectTimeout(Duration d) {
        this.connectTimeout = positive(d, "connect timeout");
        return this;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    /** Longest silence while waiting for response bytes. */
    public HttpCatalogSourceOptions setReadTimeout(Duration d) {
        this.readTimeout = positive(d, "read timeout");
        return this;
    }

    public Duration getTotalTimeout() {
        return totalTimeout;
    }

    /** Bound on the whole fetch, every page included. */
    public HttpCatalogSourceOptions setTotalTimeout(Duration d) {
        this.totalTimeout = positive(d, "total timeout");
        return this;
    }

    public long getMaxBytes() {
        return maxBytes;
    }

    /** Cap on one response body; a bigger one fails the fetch instead of exhausting memory. */
    public HttpCatalogSourceOptions setMaxBytes(long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("max catalog response size must be at least 1024 bytes, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        return this;
    }

    public int getMaxPages() {
        return maxPages;
    }

    /** Cap on {@code next} links followed in one fetch (a catalog that pages forever fails the fetch). */
    public HttpCatalogSourceOptions setMaxPages(int maxPages) {
        if (maxPages < 1) {
            throw new IllegalArgumentException("max catalog pages must be at least 1, was " + maxPages);
        }
        this.maxPages = maxPages;
        return this;
    }

    public boolean isTrustAll() {
        return trustAll;
    }

    /** Development only: accept any TLS certificate from the catalog. */
    public HttpCatalogSourceOptions setTrustAll(boolean trustAll) {
        this.trustAll = trustAll;
        return this;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "HttpCatalogSourceOptions{url=" + SafeUrl.of(url) + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", maxBytes=" + maxBytes + ", maxPages=" + maxPages + "}";
    }
}

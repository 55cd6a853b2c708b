package io.catalogsync.kong.admin;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach and talk to one Kong Admin API. Setters reject bad values and return {@code this}. The admin
 * token is write-only: {@link #toString()} never shows it.
 */
public final class KongAdminOptions {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final int DEFAULT_MAX_RETRIES = 4;
    public static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_IN_FLIGHT = 16;
    public static final int DEFAULT_PAGE_SIZE = 1000;

    private String baseUrl = "http://127.0.0.1:8001";
    private String adminToken;
    private String workspace;
    private String caCertPath;
    private String clientCertPath;
    private String clientKeyPath;
    private boolean insecureSkipTlsVerify;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
    private Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private KongRequestListener listener = KongRequestListener.NONE;

    public String getBaseUrl() {
        return baseUrl;
    }

    /** {@code http(s)://host:port[/prefix]}; a path prefix (Admin API behind a gateway route) is kept. */
    public KongAdminOptions setBaseUrl(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("Kong Admin URL must start with http:// or https://: " + baseUrl);
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return this;
    }

    public String getAdminToken() {
        return adminToken;
    }

    /** Sent as {@code Kong-Admin-Token}; null for none. */
    public KongAdminOptions setAdminToken(String adminToken) {
        this.adminToken = adminToken == null || adminToken.isEmpty() ? null : adminToken;
        return this;
    }

    public String getWorkspace() {
        return workspace;
    }

    /** Kong Enterprise workspace, prefixed to every path; null for the default. */
    public KongAdminOptions setWorkspace(String workspace) {
        if (workspace != null && (workspace.isBlank() || workspace.contains("/"))) {
            throw new IllegalArgumentException("workspace must be a single path segment: '" + workspace + "'");
        }
        this.workspace = workspace;
        return this;
    }

    public String getCaCertPath() {
        return caCertPath;
    }

    /** PEM file of the CA(s) that signed the Admin API certificate. */
    public KongAdminOptions setCaCertPath(String caCertPath) {
        this.caCertPath = caCertPath;
        return this;
    }

    public String getClientCertPath() {
        return clientCertPath;
    }

    public String getClientKeyPath() {
        return clientKeyPath;
    }

    /** PEM client certificate and key for mTLS; both or neither. */
    public KongAdminOptions setClientCert(String certPath, String keyPath) {
        if ((certPath == null) != (keyPath == null)) {
            throw new IllegalArgumentException("mTLS needs both a client certificate and its key");
        }
        this.clientCertPath = certPath;
        this.clientKeyPath = keyPath;
        return this;
    }

    public boolean isInsecureSkipTlsVerify() {
        return insecureSkipTlsVerify;
    }

    /** Development only: trust any certificate and host name. */
    public KongAdminOptions setInsecureSkipTlsVerify(boolean insecure) {
        this.insecureSkipTlsVerify = insecure;
        return this;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public KongAdminOptions setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return this;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    /** Bound on one attempt, from sending to the end of the response. */
    public KongAdminOptions setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = positive(requestTimeout, "requestTimeout");
        return this;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /** Retries after the first attempt for idempotent requests; 0 disables retrying. */
    public KongAdminOptions setMaxRetries(int maxRetries) {
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("maxRetries must be 0..20, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        return this;
    }

    public Duration getRetryBaseDelay() {
        return retryBaseDelay;
    }

    public Duration getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /** Exponential backoff: base * 2^attempt with full jitter, capped at max. */
    public KongAdminOptions setRetryDelays(Duration base, Duration max) {
        positive(base, "retryBaseDelay");
        positive(max, "retryMaxDelay");
        if (max.compareTo(base) < 0) {
            throw new IllegalArgumentException("retryMaxDelay must be >= retryBaseDelay");
        }
        this.retryBaseDelay = base;
        this.retryMaxDelay = max;
        return this;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    /** Cap on concurrent requests to Kong; further requests wait in a queue. */
    public KongAdminOptions setMaxInFlight(int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight > 1024) {
            throw new IllegalArgumentException("maxInFlight must be 1..1024, was " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        return this;
    }

    public int getPageSize() {
        return pageSize;
    }

    public KongAdminOptions setPageSize(int pageSize) {
        if (pageSize < 1 || pageSize > ListQuery.MAX_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1..1000, was " + pageSize);
        }
        this.pageSize = pageSize;
        return this;
    }

    public KongRequestListener getListener() {
        return listener;
    }

    public KongAdminOptions setListener(KongRequestListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
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
        return "KongAdminOptions{baseUrl=" + baseUrl + ", adminToken=" + (adminToken == null ? "none" : "***")
                + ", workspace=" + workspace + ", tls=" + (insecureSkipTlsVerify ? "insecure" : "verify")
                + ", maxRetries=" + maxRetries + ", maxInFlight=" + maxInFlight + "}";
    }
}

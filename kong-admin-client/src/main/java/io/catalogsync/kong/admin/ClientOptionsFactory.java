package io.catalogsync.kong.admin;

import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** WebClient options from {@link KongAdminOptions}: host, timeouts, pool size, TLS trust and client certificate. */
final class ClientOptionsFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ClientOptionsFactory.class);

    private ClientOptionsFactory() {
    }

    /**
     * The in-flight cap queues requests before they reach the pool, so a pool as large as the cap is enough;
     * a bigger one would only hold idle connections.
     */
    static PoolOptions pool(KongAdminOptions options) {
        return new PoolOptions().setHttp1MaxSize(options.getMaxInFlight()).setHttp2MaxSize(options.getMaxInFlight());
    }

    static WebClientOptions create(KongAdminOptions options, AdminUris uris) {
        WebClientOptions o = new WebClientOptions()
                .setDefaultHost(uris.host())
                .setDefaultPort(uris.port())
                .setSsl(uris.tls())
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.getConnectTimeout().toMillis()))
                .setUserAgent("kong-catalog-sync")
                .setFollowRedirects(false);
        boolean tlsSettings = options.getCaCertPath() != null || options.getClientCertPath() != null
                || options.isInsecureSkipTlsVerify();
        if (!uris.tls()) {
            if (tlsSettings) {
                LOG.warn("Kong Admin URL {} is plain http: the TLS settings (CA, client certificate, insecure) are "
                        + "ignored", options.getBaseUrl());
            }
            return o;
        }
        if (options.isInsecureSkipTlsVerify()) {
            LOG.warn("TLS verification of the Kong Admin API at {} is DISABLED (insecure mode): any certificate and "
                    + "host name are accepted. Use this for development only.", options.getBaseUrl());
            o.setTrustAll(true).setVerifyHost(false);
        } else if (options.getCaCertPath() != null) {
            o.setTrustOptions(new PemTrustOptions().addCertPath(readable(options.getCaCertPath(), "caCertPath")));
        }
        if (options.getClientCertPath() != null) {
            o.setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(readable(options.getClientCertPath(), "clientCertPath"))
                    .setKeyPath(readable(options.getClientKeyPath(), "clientKeyPath")));
        }
        return o;
    }

    /** Fails at creation, naming the setting, rather than at the first handshake as a retried transport error. */
    private static String readable(String path, String setting) {
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalArgumentException(setting + ": cannot read PEM file " + path);
        }
        return path;
    }
}

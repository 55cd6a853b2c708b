package io.catalogsync.daemon;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;

/**
 * fabric8's Kubernetes mock API server in CRUD mode (it stores what clients write, so Leases behave as on a
 * real API server, resource versions included), on 127.0.0.1 and a free port. Clients talk to it over the
 * Vert.x 5 HTTP client, as the daemon does in a cluster.
 */
final class KubeMock implements AutoCloseable {

    private final KubernetesMockServer server;
    private final Config config;

    KubeMock() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        try (NamespacedKubernetesClient probe = server.createClient()) {
            config = probe.getConfiguration();
        }
    }

    /** A client on {@code vertx}'s HTTP client, as {@link Daemon#inClusterKubernetes()} builds in a pod. */
    KubernetesClient client(Vertx vertx) {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new Vertx5HttpClientFactory(vertx))
                .build();
    }

    /** A client on its own Vert.x (closed with the client). */
    KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new Vertx5HttpClientFactory())
                .build();
    }

    @Override
    public void close() {
        server.destroy();
    }
}

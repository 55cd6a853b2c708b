package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import io.catalogsync.kong.entity.Service;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retries, their bounds, and failures without a usable answer. */
class RetryAndTransportTest extends WireMockTestBase {

    private static final String SERVICE_JSON = "{\"id\":\"7e57ab1e-0000-4000-8000-000000000001\",\"name\":\"billing\","
            + "\"host\":\"billing.internal\",\"port\":8080,\"protocol\":\"http\",\"retries\":5}";

    /** The same endpoint answering a sequence of responses, one per request, the last one repeated. */
    private void sequence(String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "step-" + (i + 1);
            wm.stubFor(any(urlPathEqualTo(path)).inScenario(path).whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    @Test
    void getIsRetriedOn500And503ThenSucceeds() {
        sequence("/services/billing",
                aResponse().withStatus(500).withBody("{\"message\":\"An unexpected error occurred\"}"),
                aResponse().withStatus(503).withBody("{\"message\":\"busy\"}"),
                aResponse().withStatus(200).withBody(SERVICE_JSON));

        Optional<Service> s = Await.result(client().services().get("billing"));

        assertThat(s).map(Service::host).contains("billing.internal");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/services/billing")));
        assertThat(listener.statuses()).containsExactly(500, 503, 200);
    }

    @Test
    void retryAfterOn429IsHonouredInSeconds() {
        sequence("/services/billing",
                aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"message\":\"slow down\"}"),
                aResponse().withStatus(200).withBody(SERVICE_JSON));
        KongAdminClient client = client(options().setRetryDelays(Duration.ofMillis(1), Duration.ofSeconds(3)));

        long start = System.nanoTime();
        Optional<Service> s = Await.result(client.services().get("billing"));
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(s).isPresent();
        wm.verify(2, getRequestedFor(urlPathEqualTo("/services/billing")));
        // The backoff alone would have waited at most 1 ms.
        assertThat(elapsedMs).isGreaterThanOrEqualTo(950);
    }

    @Test
    void retryAfterLongerThanTheMaximumDelayGivesUpAtOnce() {
        wm.stubFor(get(urlPathEqualTo("/services/billing")).willReturn(
                aResponse().withStatus(503).withHeader("Retry-After", "120").withBody("{\"message\":\"maintenance\"}")));

        KongServerException e = Await.failure(client().services().get("billing"), KongServerException.class);

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.kongMessage()).isEqualTo("maintenance");
        assertThat(e.retryable()).isTrue();
        wm.verify(1, getRequestedFor(urlPathEqualTo("/services/billing")));
    }

    @Test
    void retriesAreBoundedByMaxRetries() {
        wm.stubFor(get(urlPathEqualTo("/services/billing")).willReturn(
                aResponse().withStatus(502).withBody("<html>bad gateway</html>")));

        KongServerException e = Await.failure(client(options().setMaxRetries(2)).services().get("billing"),
                KongServerException.class);

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.kongCode()).isNull();
        assertThat(e.getMessage()).doesNotContain("<html>");
        wm.verify(3, getRequestedFor(urlPathEqualTo("/services/billing")));
    }

    @Test
    void putIsRetriedButPostIsNot() {
        sequence("/services/billing",
                aResponse().withStatus(500).withBody("{\"message\":\"An unexpected error occurred\"}"),
                aResponse().withStatus(200).withBody(SERVICE_JSON));
        wm.stubFor(post(urlPathEqualTo("/services")).willReturn(
                aResponse().withStatus(500).withBody("{\"message\":\"An unexpected error occurred\"}")));
        KongAdminClient client = client();
        Service svc = new Service(null, "billing", "http", "billing.internal", 8080, null, null, null, null, null,
                null, List.of("managed-by:test"), null, null);

        Service put = Await.result(client.services().upsert("billing", svc));
        KongServerException e = Await.failure(client.services().create(svc), KongServerException.class);

        assertThat(put.name()).isEqualTo("billing");
        wm.verify(2, putRequestedFor(urlPathEqualTo("/services/billing")));
        assertThat(e.status()).isEqualTo(500);
        wm.verify(1, postRequestedFor(urlPathEqualTo("/services")));
    }

    @Test
    void clientErrorsAreNotRetried() {
        wm.stubFor(put(urlPathEqualTo("/services/billing")).willReturn(aResponse().withStatus(400).withBody(
                "{\"code\":2,\"fields\":{\"port\":\"value should be between 0 and 65535\"},"
                        + "\"message\":\"schema violation (port: value should be between 0 and 65535)\","
                        + "\"name\":\"schema violation\"}")));
        Service svc = new Service(null, "billing", "http", "b", 70000, null, null, null, null, null, null, null,
                null, null);

        KongSchemaViolationException e = Await.failure(client().services().upsert("billing", svc),
                KongSchemaViolationException.class);

        assertThat(e.retryable()).isFalse();
        wm.verify(1, putRequestedFor(urlPathEqualTo("/services/billing")));
    }

    @Test
    void timeoutsFailAsTransportAfterTheBoundedRetries() {
        wm.stubFor(get(urlPathEqualTo("/services/slow")).willReturn(
                aResponse().withStatus(200).withBody(SERVICE_JSON).withFixedDelay(3000)));
        KongAdminClient client = client(options().setRequestTimeout(Duration.ofMillis(200)).setMaxRetries(2));

        long start = System.nanoTime();
        KongTransportException e = Await.failure(client.services().get("slow"), KongTransportException.class);
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(e.status()).isZero();
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("GET /services/slow").contains("timed out");
        assertThat(listener.statuses()).containsExactly(0, 0, 0);
        // Three attempts of ~200 ms, far below one 3 s answer.
        assertThat(elapsedMs).isBetween(550L, 2500L);
    }

    @Test
    void connectionRefusedIsTransportAndRetriedForIdempotentCallsOnly() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        KongAdminClient client = client(options().setBaseUrl("http://127.0.0.1:" + port).setMaxRetries(2));
        Service svc = new Service(null, "billing", "http", "b", 80, null, null, null, null, null, null, null,
                null, null);

        KongTransportException get = Await.failure(client.services().get("billing"), KongTransportException.class);
        int getAttempts = listener.calls().size();
        KongTransportException post = Await.failure(client.services().create(svc), KongTransportException.class);
        int postAttempts = listener.calls().size() - getAttempts;

        assertThat(get.getCause()).isInstanceOf(ConnectException.class);
        assertThat(get.getMessage()).contains("connection failed");
        assertThat(getAttempts).isEqualTo(3);
        assertThat(post.getCause()).isInstanceOf(ConnectException.class);
        assertThat(postAttempts).isEqualTo(1);
    }

    @Test
    void loadConfigIsRetriedWhenTheConnectionIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        KongAdminClient client = client(options().setBaseUrl("http://127.0.0.1:" + port).setMaxRetries(2));

        Await.failure(client.loadConfig(KongJson.MAPPER.createObjectNode().put("_format_version", "3.0"), false),
                KongTransportException.class);

        assertThat(listener.calls()).hasSize(3).allSatisfy(c -> assertThat(c.pathTemplate()).isEqualTo("/config"));
    }

    @Test
    void loadConfigIsNotRetriedAfterTheRequestWasSent() {
        wm.stubFor(post(urlPathEqualTo("/config")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Await.failure(client(options().setMaxRetries(3))
                .loadConfig(KongJson.MAPPER.createObjectNode().put("_format_version", "3.0"), false),
                KongTransportException.class);

        wm.verify(1, postRequestedFor(urlPathEqualTo("/config")));
    }

    @Test
    void connectionResetIsTransportAndRetried() {
        sequence("/services/billing",
                aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                aResponse().withFault(Fault.EMPTY_RESPONSE),
                aResponse().withStatus(200).withBody(SERVICE_JSON));

        Optional<Service> s = Await.result(client().services().get("billing"));

        assertThat(s).isPresent();
        assertThat(listener.statuses()).containsExactly(0, 0, 200);
    }

    @Test
    void garbageBodyOn200IsTransportAndRetried() {
        wm.stubFor(get(urlPathEqualTo("/services/billing")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>portal login</html>")));

        KongTransportException e = Await.failure(client(options().setMaxRetries(1)).services().get("billing"),
                KongTransportException.class);

        assertThat(e.getMessage()).contains("not JSON").contains("text/html").doesNotContain("portal login");
        wm.verify(2, getRequestedFor(urlPathEqualTo("/services/billing")));
        // There was an answer, so the listener saw its status.
        assertThat(listener.statuses()).containsExactly(200, 200);
    }

    @Test
    void truncatedJsonIsTransport() {
        wm.stubFor(get(urlPathEqualTo("/services")).willReturn(aResponse().withStatus(200)
                .withBody("{\"data\": [{\"name\": \"a\"}")));

        Future<List<Service>> list = client(options().setMaxRetries(0)).services().list(ListQuery.ALL);

        assertThat(Await.failure(list, KongTransportException.class).getMessage()).contains("not JSON");
    }

    @Test
    void aPageThatDoesNotFitTheRecordsIsFinalAndNotRetried() {
        // A list page read straight into records: an item of the wrong shape is Kong's answer, not a broken one,
        // so it is not asked again (the same answer would come back), and its value is not quoted.
        wm.stubFor(get(urlPathEqualTo("/services")).willReturn(aResponse().withStatus(200)
                .withBody("{\"data\": [{\"name\": \"a\", \"port\": \"s3cret\"}], \"offset\": null}")));

        KongTransportException e = Await.failure(client(options().setMaxRetries(3)).services().list(ListQuery.ALL),
                KongTransportException.class);

        assertThat(e.getMessage()).contains("does not fit Service at").contains("port").doesNotContain("s3cret");
        wm.verify(1, getRequestedFor(urlPathEqualTo("/services")));
    }

    @Test
    void aTruncatedPageIsRetriedLikeAnyUnusableAnswer() {
        sequence("/services",
                aResponse().withStatus(200).withBody("{\"data\": [{\"name\": \"a\""),
                aResponse().withStatus(200).withBody("{\"data\": [{\"name\": \"a\"}]}"));

        List<Service> all = Await.result(client(options().setMaxRetries(1)).services().list(ListQuery.ALL));

        assertThat(all).extracting(Service::name).containsExactly("a");
        assertThat(listener.statuses()).containsExactly(200, 200);
    }
}

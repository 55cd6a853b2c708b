package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Target creates are POSTs (Kong's PUT on a target only updates), with the deterministic id the sync gives them:
 * a repeat cannot create twice, so they are retried on 5xx and transport failures like any other write.
 */
class CreateWithIdRetryTest extends WireMockTestBase {

    private static final String PATH = "/upstreams/u1/targets";
    private static final String ID = "7e57ab1e-0000-4000-8000-0000000000aa";
    private static final String CREATED = "{\"id\":\"" + ID + "\",\"target\":\"10.0.0.1:8080\",\"weight\":100,"
            + "\"upstream\":{\"id\":\"u1\"},\"tags\":[\"managed-by:test\"],\"created_at\":1.0}";

    private static Target target(String id) {
        return new Target(id, "10.0.0.1:8080", 100, Ref.id("u1"), List.of("managed-by:test"), null, null);
    }

    @Test
    void aTargetCreateWithItsIdIsRetriedAfterA503AndAReset() {
        wm.stubFor(post(urlPathEqualTo(PATH)).inScenario("t").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("{\"message\":\"database unavailable\"}"))
                .willSetStateTo("reset"));
        wm.stubFor(post(urlPathEqualTo(PATH)).inScenario("t").whenScenarioStateIs("reset")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo(PATH)).inScenario("t").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));

        Target created = Await.result(client(options().setMaxRetries(3)).targets("u1").create(target(ID)));

        assertThat(created.id()).isEqualTo(ID);
        wm.verify(3, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void aCreateWithoutAnIdIsStillNeverRepeated() {
        wm.stubFor(post(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503).withBody("{}")));

        KongServerException e = Await.failure(client(options().setMaxRetries(3)).targets("u1").create(target(null)),
                KongServerException.class);

        assertThat(e.status()).isEqualTo(503);
        wm.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
    }
}

package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.catalogsync.kong.entity.Plugin;
import io.catalogsync.kong.entity.Ref;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import io.catalogsync.kong.entity.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What goes on the wire: paths, query strings, headers, bodies; and what the listener is told. */
class RequestShapeTest extends WireMockTestBase {

    private static String svc(String name) {
        return "{\"id\":\"id-" + name + "\",\"name\":\"" + name + "\",\"host\":\"h\",\"port\":80,\"protocol\":\"http\","
                + "\"tags\":[\"managed-by:kcs\"],\"tls_verify\":null,\"ca_certificates\":null}";
    }

    @Test
    void listFollowsOffsetAcrossThreePagesKeepingTagsAndSize() {
        // Offsets as Kong makes them are base64 and may hold '/', '+' and '='; 'next' is relative to Kong's root
        // and must not be followed verbatim (there could be a prefix in front of Kong).
        wm.stubFor(get(urlPathEqualTo("/services")).withQueryParam("offset", absent())
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":[" + svc("s1") + "," + svc("s2")
                        + "],\"next\":\"/services?offset=b2%2F1%2B%3D&size=2&tags=managed-by:kcs\","
                        + "\"offset\":\"b2/1+=\"}")));
        wm.stubFor(get(urlPathEqualTo("/services")).withQueryParam("offset", equalTo("b2/1+="))
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":[" + svc("s3") + "," + svc("s4")
                        + "],\"next\":\"/services?offset=page3&size=2&tags=managed-by:kcs\",\"offset\":\"page3\"}")));
        wm.stubFor(get(urlPathEqualTo("/services")).withQueryParam("offset", equalTo("page3"))
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":[" + svc("s5") + "],\"next\":null}")));

        List<Service> all = Await.result(client().services().list(ListQuery.allTags("managed-by:kcs").withSize(2)));

        assertThat(all).extracting(Service::name).containsExactly("s1", "s2", "s3", "s4", "s5");
        List<LoggedRequest> reqs = requests();
        assertThat(reqs).hasSize(3);
        assertThat(reqs).allSatisfy(r -> {
            assertThat(r.queryParameter("tags").firstValue()).isEqualTo("managed-by:kcs");
            assertThat(r.queryParameter("size").firstValue()).isEqualTo("2");
        });
        assertThat(reqs).extracting(LoggedRequest::getUrl).anySatisfy(u -> assertThat(u).contains("offset=b2/1%2B%3D"));
        assertThat(listener.calls()).extracting(RecordingListener.Call::pathTemplate)
                .containsOnly("/services");
    }

    @Test
    void pageSizeIsTheSmallerOfQueryAndOptions() {
        wm.stubFor(get(urlPathEqualTo("/routes")).willReturn(aResponse().withStatus(200)
                .withBody("{\"data\":[],\"next\":null}")));

        Await.result(client(options().setPageSize(50)).routes().list(ListQuery.ALL));
        Await.result(client().routes().list(ListQuery.ALL.withSize(7)));
        Await.result(client().routes().list(ListQuery.ALL));

        assertThat(requests()).extracting(r -> r.queryParameter("size").firstValue())
                .containsExactlyInAnyOrder("50", "7", "1000");
    }

    @Test
    void dblessFullLastPageEndsOnTheEmptyPageAfterIt() {
        // dbless-config.json exchanges 31 and 32: a full last page still carries next/offset.
        wm.stubFor(get(urlPathEqualTo("/consumers")).withQueryParam("offset", absent()).willReturn(aResponse()
                .withStatus(200).withBody(Transcripts.responseBody("dbless-config.json", 31))));
        wm.stubFor(get(urlPathEqualTo("/consumers")).withQueryParam("offset", equalTo("<offset:1>")).willReturn(
                aResponse().withStatus(200).withBody(Transcripts.responseBody("dbless-config.json", 32))));

        List<ObjectNode> raw = Await.result(client().consumers().listRaw(ListQuery.ALL.withSize(1)));

        assertThat(raw).hasSize(1);
        // listRaw keeps what the record would drop.
        assertThat(raw.get(0).has("custom_id")).isTrue();
        assertThat(raw.get(0).path("username").asText()).isEqualTo("alice");
        assertThat(requests()).hasSize(2);
    }

    @Test
    void onePageReportsItsOffset() {
        wm.stubFor(get(urlPathEqualTo("/plugins")).willReturn(aResponse().withStatus(200)
                .withBody("{\"data\":[{\"id\":\"p1\",\"name\":\"cors\",\"config\":{\"origins\":[\"*\"]}}],"
                        + "\"next\":\"/plugins?offset=abc\",\"offset\":\"abc\"}")));

        Page<Plugin> page = Await.result(client().plugins().page(ListQuery.ALL, null));

        assertThat(page.hasNext()).isTrue();
        assertThat(page.offset()).isEqualTo("abc");
        assertThat(page.data().get(0).config()).containsEntry("origins", List.of("*"));
    }

    @Test
    void tagFiltersAreEncodedKeepingCommaAndSlash() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"data\":[],\"next\":null}")));
        KongAdminClient client = client();

        Await.result(client.services().list(ListQuery.allTags("managed-by:kcs", "catalog-service:my svc")));
        Await.result(client.routes().list(ListQuery.anyTag("a&b=c", "é+x")));
        Await.result(client.plugins().list(ListQuery.ALL));

        List<LoggedRequest> reqs = requests();
        LoggedRequest services = reqs.stream().filter(r -> r.getUrl().startsWith("/services")).findFirst().orElseThrow();
        LoggedRequest routes = reqs.stream().filter(r -> r.getUrl().startsWith("/routes")).findFirst().orElseThrow();
        LoggedRequest plugins = reqs.stream().filter(r -> r.getUrl().startsWith("/plugins")).findFirst().orElseThrow();
        assertThat(services.getUrl()).isEqualTo("/services?size=1000&tags=managed-by:kcs,catalog-service:my%20svc");
        assertThat(services.queryParameter("tags").firstValue()).isEqualTo("managed-by:kcs,catalog-service:my svc");
        assertThat(routes.getUrl()).isEqualTo("/routes?size=1000&tags=a%26b%3Dc/%C3%A9%2Bx");
        assertThat(routes.queryParameter("tags").firstValue()).isEqualTo("a&b=c/é+x");
        assertThat(plugins.getUrl()).isEqualTo("/plugins?size=1000");
    }

    @Test
    void tokenHeaderIsSentWhenSetAndAbsentOtherwise() {
        wm.stubFor(get(urlPathEqualTo("/services/a")).willReturn(aResponse().withStatus(200).withBody(svc("a"))));

        Await.result(client(options().setAdminToken("tok-123")).services().get("a"));
        Await.result(client().services().get("a"));

        wm.verify(1, getRequestedFor(urlPathEqualTo("/services/a")).withHeader("Kong-Admin-Token", equalTo("tok-123")));
        wm.verify(1, getRequestedFor(urlPathEqualTo("/services/a")).withoutHeader("Kong-Admin-Token"));
    }

    @Test
    void pathPrefixAndWorkspaceAreKeptOnEveryRequest() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
                "{\"version\":\"3.4.2\",\"configuration\":{\"database\":\"off\"},\"plugins\":{},"
                        + "\"configuration_hash\":\"abc\",\"data\":[],\"next\":null}")));
        wm.stubFor(any(urlPathEqualTo("/kong-admin/team-a/services/a%20b%2Fc")).willReturn(aResponse()
                .withStatus(200).withBody(svc("a b/c"))));
        KongAdminClient client = client(options().setBaseUrl(baseUrl() + "/kong-admin/").setWorkspace("team-a"));

        Await.result(client.info());
        Await.result(client.status());
        Await.result(client.services().get("a b/c"));
        Await.result(client.targets("up 1").list(ListQuery.ALL));
        Await.result(client.pluginSchema("rate-limiting"));

        assertThat(requests()).extracting(LoggedRequest::getUrl).containsExactlyInAnyOrder(
                "/kong-admin/",
                "/kong-admin/status",
                "/kong-admin/team-a/services/a%20b%2Fc",
                "/kong-admin/team-a/upstreams/up%201/targets?size=1000",
                "/kong-admin/team-a/schemas/plugins/rate-limiting");
    }

    @Test
    void listenerGetsBoundedPathTemplatesAndStatuses() {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
                "{\"id\":\"t1\",\"target\":\"10.0.0.1:80\",\"weight\":100,\"created_at\":1700000000.123,"
                        + "\"data\":[],\"next\":null}")));
        wm.stubFor(any(urlPathEqualTo("/routes/missing")).willReturn(aResponse().withStatus(404)
                .withBody("{\"message\":\"Not found\"}")));
        KongAdminClient client = client();

        Target t = Await.result(client.targets("orders-upstream").upsert("10.0.0.1:80",
                new Target(null, "10.0.0.1:80", 100, null, null, null, null)));
        Await.result(client.targets("orders-upstream").list(ListQuery.ALL));
        Await.result(client.routes().get("missing"));
        Await.result(client.services().delete("3f0bd5c2-0000-4000-8000-000000000001"));
        Await.result(client.pluginSchema("cors"));

        assertThat(t.createdAt()).isEqualTo(1700000000.123);
        assertThat(listener.calls()).extracting(c -> c.method() + " " + c.pathTemplate() + " " + c.status())
                .containsExactly(
                        "PUT /upstreams/{id}/targets/{id} 200",
                        "GET /upstreams/{id}/targets 200",
                        "GET /routes/{id} 404",
                        "DELETE /services/{id} 200",
                        "GET /schemas/plugins/{name} 200");
        assertThat(listener.calls()).allSatisfy(c -> assertThat(c.duration()).isPositive());
    }

    @Test
    void writeBodiesAreSnakeCaseWithoutNullsOrTimestamps() throws Exception {
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
                "{\"id\":\"r1\",\"name\":\"r\",\"paths\":[\"/x\"],\"strip_path\":false,\"service\":{\"id\":\"s1\"}}")));
        Route route = new Route(null, "r", null, List.of("GET"), null, List.of("/x"), null, false, null, null, null,
                null, null, null, Ref.name("billing"), List.of("managed-by:kcs"), 1L, 2L);
        KongAdminClient client = client();

        Route written = Await.result(client.routes().upsert("r", route));
        Await.result(client.routes().patch("r", Map.of("strip_path", true)));

        List<LoggedRequest> reqs = requests();
        LoggedRequest put = reqs.stream().filter(r -> r.getMethod().getName().equals("PUT")).findFirst().orElseThrow();
        LoggedRequest patch = reqs.stream().filter(r -> r.getMethod().getName().equals("PATCH")).findFirst()
                .orElseThrow();
        JsonNode body = KongJson.MAPPER.readTree(put.getBodyAsString());
        assertThat(put.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(body.path("strip_path").asBoolean(true)).isFalse();
        assertThat(body.path("service").path("name").asText()).isEqualTo("billing");
        assertThat(body.has("service") && !body.path("service").has("id")).isTrue();
        assertThat(body.has("hosts")).isFalse();
        assertThat(body.has("created_at")).isFalse();
        assertThat(body.has("updated_at")).isFalse();
        assertThat(KongJson.MAPPER.readTree(patch.getBodyAsString())).isEqualTo(
                KongJson.MAPPER.readTree("{\"strip_path\":true}"));
        assertThat(written.service()).isEqualTo(Ref.id("s1"));
        assertThat(written.stripPath()).isFalse();
    }
}

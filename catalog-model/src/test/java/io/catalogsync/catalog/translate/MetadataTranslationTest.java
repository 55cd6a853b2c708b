package io.catalogsync.catalog.translate;

import static io.catalogsync.catalog.translate.Fixtures.OPTIONS;
import static io.catalogsync.catalog.translate.Fixtures.entity;
import static io.catalogsync.catalog.translate.Fixtures.orders;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.kong.entity.EntityType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every metadata key and what it becomes in Kong: {@code orders} with one {@code GET,POST /api/v1/*} endpoint. */
class MetadataTranslationTest {

    private static final String ANONYMOUS_ID =
            Names.id(TranslateOptions.DEFAULT_OWNER_TAG, EntityType.CONSUMER, Names.ANONYMOUS_CONSUMER);

    @ParameterizedTest(name = "{0} -> {1} {2} = {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            # metadata (k=v;k=v)                          | entity               | JSON pointer                  | expected JSON
            rateLimit.second=5                            | plugin:rate-limiting | /config/second                | 5
            rateLimit.minute=100                          | plugin:rate-limiting | /config/minute                | 100
            rateLimit.hour=1000                           | plugin:rate-limiting | /config/hour                  | 1000
            rateLimit.day=10000                           | plugin:rate-limiting | /config/day                   | 10000
            rateLimit.month=100000                        | plugin:rate-limiting | /config/month                 | 100000
            rateLimit.year=5000000000                     | plugin:rate-limiting | /config/year                  | 5000000000
            rateLimit.minute=10                           | plugin:rate-limiting | /config/limit_by              | "consumer"
            rateLimit.minute=10                           | plugin:rate-limiting | /config/policy                | "local"
            rateLimit.minute=10                           | plugin:rate-limiting | /config/fault_tolerant        | true
            rateLimit.minute=10                           | plugin:rate-limiting | /service/id                   | "@service"
            rateLimit.minute=10;rateLimit.by=ip           | plugin:rate-limiting | /config/limit_by              | "ip"
            rateLimit.minute=10;rateLimit.by=credential   | plugin:rate-limiting | /config/limit_by              | "credential"
            rateLimit.minute=10;rateLimit.by=service      | plugin:rate-limiting | /config/limit_by              | "service"
            rateLimit.minute=10;rateLimit.by=header:X-Tenant | plugin:rate-limiting | /config/header_name        | "X-Tenant"
            rateLimit.minute=10;rateLimit.by=header:X-Tenant | plugin:rate-limiting | /config/limit_by           | "header"
            rateLimit.minute=10;rateLimit.by=path:/orders/api/v1/checkout | plugin:rate-limiting | /config/path | "/orders/api/v1/checkout"
            rateLimit.minute=10;rateLimit.policy=cluster  | plugin:rate-limiting | /config/policy                | "cluster"
            rateLimit.minute=10;rateLimit.policy=local    | plugin:rate-limiting | /config/policy                | "local"
            auth.type=jwt                                 | plugin:jwt           | /config                       | {"claims_to_verify":["exp","nbf"],"key_claim_name":"iss","maximum_expiration":86400,"run_on_preflight":true}
            auth.type=jwt;auth.required=true              | plugin:jwt           | /service/id                   | "@service"
            auth.type=key-auth                            | plugin:key-auth      | /config                       | {}
            auth.type=basic-auth                          | plugin:basic-auth    | /config                       | {}
            auth.type=oauth2                              | plugin:oauth2        | /config                       | {"enable_client_credentials":true}
            auth.type=key-auth;auth.required=false        | plugin:key-auth      | /config/anonymous             | "@anonymous"
            auth.type=jwt;auth.required=false             | plugin:jwt           | /config/anonymous             | "@anonymous"
            auth.type=basic-auth;auth.required=FALSE      | plugin:basic-auth    | /config/anonymous             | "@anonymous"
            auth.type=oauth2;auth.required=false          | plugin:oauth2        | /config/anonymous             | "@anonymous"
            auth.type=jwt;auth.required=false             | consumer             | /username                     | "kong-catalog-sync-anonymous"
            auth.type=jwt;auth.required=false             | consumer             | /tags                         | ["managed-by:kong-catalog-sync"]
            cors.enabled=true                             | plugin:cors          | /config                       | {}
            cors.enabled=true;cors.origins=https://a.example.com, https://b.example.com | plugin:cors | /config/origins | ["https://a.example.com","https://b.example.com"]
            cors.enabled=true;cors.methods=get,POST       | plugin:cors          | /config/methods               | ["GET","POST"]
            cors.enabled=true;cors.headers=Authorization,X-Request-Id | plugin:cors | /config/headers            | ["Authorization","X-Request-Id"]
            cors.enabled=true;cors.exposedHeaders=X-Total-Count | plugin:cors    | /config/exposed_headers       | ["X-Total-Count"]
            cors.enabled=true;cors.credentials=true       | plugin:cors          | /config/credentials           | true
            cors.enabled=true;cors.maxAge=3600            | plugin:cors          | /config/max_age               | 3600
            masking.enabled=true                          | plugin:pre-function  | /service/id                   | "@service"
            masking.enabled=true                          | plugin:pre-function  | /route                        | null
            masking.enabled=true                          | plugin:pre-function  | /config/access/0              | "ngx.ctx.kcs_masking = { sidecar_url = \\"http://127.0.0.1:8085\\" }"
            masking.enabled=true;masking.profile=strict   | plugin:pre-function  | /config/access/0              | "ngx.ctx.kcs_masking = { sidecar_url = \\"http://127.0.0.1:8085\\", profile = \\"strict\\" }"
            masking.enabled=true                          | plugin:pre-function  | /config/access/1              | "@hook"
            masking.enabled=true                          | plugin:pre-function  | /config/header_filter         | ["@hook"]
            masking.enabled=true                          | plugin:pre-function  | /config/body_filter           | ["@hook"]
            masking.enabled=true                          | route                | /response_buffering           | false
            retries=3                                     | route                | /response_buffering           | null
            route.prefix=/shop                            | route                | /paths                        | ["/shop/api/v1/"]
            route.prefix=/                                | route                | /paths                        | ["/api/v1/"]
            route.prefix=/                                | route                | /strip_path                   | false
            route.prefix=/                                | service              | /path                         | null
            route.prefix=/shop/orders/                    | route                | /paths                        | ["/shop/orders/api/v1/"]
            retries=3                                     | route                | /paths                        | ["/orders/api/v1/"]
            route.hosts=API.example.com, *.example.org    | route                | /hosts                        | ["*.example.org","api.example.com"]
            route.stripPath=false                         | route                | /strip_path                   | false
            route.stripPath=false                         | service              | /path                         | null
            route.stripPath=true                          | route                | /strip_path                   | true
            route.stripPath=true                          | service              | /path                         | "/api/v1/"
            retries=3                                     | route                | /methods                      | ["GET","POST"]
            retries=3                                     | route                | /protocols                    | ["http","https"]
            retries=3                                     | route                | /service/id                   | "@service"
            timeout.connect=5000                          | service              | /connect_timeout              | 5000
            timeout.read=30000                            | service              | /read_timeout                 | 30000
            timeout.write=2147483646                      | service              | /write_timeout                | 2147483646
            retries=0                                     | service              | /retries                      | 0
            retries=32767                                 | service              | /retries                      | 32767
            retries=3                                     | service              | /host                         | "orders.upstream"
            retries=3                                     | service              | /protocol                     | "http"
            retries=3                                     | service              | /port                         | 8080
            retries=3                                     | upstream             | /algorithm                    | "round-robin"
            retries=3                                     | upstream             | /host_header                  | "orders.ns.svc.cluster.local"
            retries=3                                     | target               | /target                       | "orders.ns.svc.cluster.local:8080"
            retries=3                                     | target               | /weight                       | 100
            retries=3                                     | target               | /upstream/id                  | "@upstream"
            loadBalancing.algorithm=least-connections     | upstream             | /algorithm                    | "least-connections"
            loadBalancing.algorithm=latency               | upstream             | /algorithm                    | "latency"
            loadBalancing.algorithm=consistent-hashing    | upstream             | /algorithm                    | "consistent-hashing"
            loadBalancing.algorithm=consistent-hashing    | upstream             | /hash_on                      | "ip"
            loadBalancing.algorithm=round-robin           | upstream             | /hash_on                      | null
            healthcheck.path=/healthz                     | upstream             | /healthchecks/active/http_path | "/healthz"
            healthcheck.path=/healthz                     | upstream             | /healthchecks                 | {"active":{"healthy":{"interval":10,"successes":2},"http_path":"/healthz","type":"http","unhealthy":{"http_failures":3,"interval":10,"tcp_failures":3,"timeouts":3}},"passive":{"healthy":{"successes":2},"type":"http","unhealthy":{"http_failures":3,"tcp_failures":3,"timeouts":3}}}
            healthcheck.interval=5                        | upstream             | /healthchecks/active/healthy/interval | 5
            healthcheck.interval=5                        | upstream             | /healthchecks/active/unhealthy/interval | 5
            healthcheck.healthyThreshold=4                | upstream             | /healthchecks/active/healthy/successes | 4
            healthcheck.healthyThreshold=4                | upstream             | /healthchecks/passive/healthy/successes | 4
            healthcheck.unhealthyThreshold=7              | upstream             | /healthchecks/active/unhealthy/http_failures | 7
            healthcheck.unhealthyThreshold=7              | upstream             | /healthchecks/passive/unhealthy/http_failures | 7
            healthcheck.unhealthyThreshold=7              | upstream             | /healthchecks/passive/unhealthy/tcp_failures | 7
            retries=3                                     | upstream             | /healthchecks                 | null
            """)
    void metadataKeyBecomesKongField(String metadata, String locator, String pointer, String expectedJson)
            throws Exception {
        String[] pairs = metadata.trim().split(";");
        String[] kv = new String[pairs.length * 2];
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            kv[2 * i] = pairs[i].substring(0, eq).trim();
            kv[2 * i + 1] = pairs[i].substring(eq + 1);
        }
        Translation t = Translator.translate(List.of(orders(kv)), OPTIONS);
        assertThat(t.rejected()).isEmpty();
        assertThat(t.warnings()).isEmpty();

        JsonNode node = entity(t.desired(), locator).at(pointer);
        String expected = expectedJson
                .replace("@service", t.desired().services().get(0).id())
                .replace("@route", t.desired().routes().get(0).id())
                .replace("@upstream", t.desired().upstreams().get(0).id())
                .replace("@anonymous", ANONYMOUS_ID)
                .replace("\"@hook\"", Fixtures.JSON.writeValueAsString(Fixtures.HOOK));
        if (expected.equals("null")) {
            assertThat(node.isMissingNode() || node.isNull()).as("%s %s absent, got %s", locator, pointer, node)
                    .isTrue();
        } else {
            assertThat(node).isEqualTo(Fixtures.JSON.readTree(expected));
        }
    }

    @Test
    void pluginsAndRoutesCarryOwnerAndServiceTags() {
        Translation t = Translator.translate(List.of(orders("rateLimit.minute", "1", "auth.type", "jwt",
                "cors.enabled", "true", "masking.enabled", "true")), OPTIONS);
        assertThat(t.desired().all()).allSatisfy(e ->
                assertThat(e.tags()).containsExactly("managed-by:kong-catalog-sync", "catalog-service:orders"));
        assertThat(t.desired().plugins()).extracting(p -> p.name())
                .containsExactly("rate-limiting", "jwt", "cors", "pre-function");
    }

    @Test
    void anonymousConsumerOnlyWhenSomeServiceAllowsAnonymousAccess() {
        assertThat(Translator.translate(List.of(orders("auth.type", "jwt")), OPTIONS).desired().consumers())
                .isEmpty();
        assertThat(Translator.translate(List.of(orders("auth.type", "jwt", "auth.required", "false")), OPTIONS)
                .desired().consumers()).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(ANONYMOUS_ID));
    }

    @Test
    void httpsEndpointsGiveHttpsOnlyRoutesAndHttpsHealthProbes() {
        var s = new io.catalogsync.catalog.CatalogService("pay", "v1", List.of(new io.catalogsync.catalog.Endpoint(
                "HTTPS", "10.0.0.7", null, "/v2/*", List.of())), Fixtures.map("healthcheck.path", "/ready"));
        Translation t = Translator.translate(List.of(s), OPTIONS);
        assertThat(t.rejected()).isEmpty();
        var d = t.desired();
        assertThat(d.routes().get(0).protocols()).containsExactly("https");
        assertThat(d.routes().get(0).methods()).isNull();
        assertThat(d.services().get(0).protocol()).isEqualTo("https");
        assertThat(d.services().get(0).port()).isEqualTo(443);
        assertThat(d.targets().get(0).target()).isEqualTo("10.0.0.7:443");
        assertThat(Fixtures.json(d).at("/upstreams/0/healthchecks/active/type").asText()).isEqualTo("https");
    }
}

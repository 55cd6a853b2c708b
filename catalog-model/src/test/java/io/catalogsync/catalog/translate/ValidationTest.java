package io.catalogsync.catalog.translate;

import static io.catalogsync.catalog.translate.Fixtures.OPTIONS;
import static io.catalogsync.catalog.translate.Fixtures.endpoint;
import static io.catalogsync.catalog.translate.Fixtures.map;
import static io.catalogsync.catalog.translate.Fixtures.orders;
import static io.catalogsync.catalog.translate.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.entity.KongEntity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation error, with its exact message; a rejected service never stops the others. */
class ValidationTest {

    private static Endpoint ep(String protocol, String host, Integer port, String path, String... methods) {
        return new Endpoint(protocol, host, port, path, List.of(methods));
    }

    private static CatalogService withEndpoints(Endpoint... endpoints) {
        return service("orders", Map.of(), endpoints);
    }

    static Stream<Arguments> invalidServices() {
        return Stream.of(
                Arguments.of(service(null, Map.of(), endpoint("/x")), "catalog[0]: name: is missing"),
                Arguments.of(service("  ", Map.of(), endpoint("/x")), "catalog[0]: name: is missing"),
                Arguments.of(service("my service", Map.of(), endpoint("/x")), "my service: name: \"my service\" is not"
                        + " a valid service name: use letters, digits, '-', '_' and '.', starting and ending with a"
                        + " letter or digit, at most 128 characters"),
                Arguments.of(service("a~b", Map.of(), endpoint("/x")), "a~b: name: \"a~b\" is not a valid service"
                        + " name: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at"
                        + " most 128 characters"),
                Arguments.of(service("-x", Map.of(), endpoint("/x")), "-x: name: \"-x\" is not a valid service name:"
                        + " use letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most"
                        + " 128 characters"),
                Arguments.of(service("orders", Map.of()), "orders: endpoints: is empty: a service needs at least one"
                        + " endpoint"),
                Arguments.of(withEndpoints(ep("ftp", "h", 21, "/x")),
                        "orders: endpoints[0].protocol: \"ftp\" is not http or https"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/a"), ep("https", "h", 443, "/b")),
                        "orders: endpoints[1].protocol: \"https\" differs from endpoints[0].protocol \"http\"; all"
                                + " endpoints of a service must use one protocol"),
                Arguments.of(withEndpoints(ep("http", null, 80, "/x")), "orders: endpoints[0].host: is missing"),
                Arguments.of(withEndpoints(ep("http", "bad_host!", 80, "/x")),
                        "orders: endpoints[0].host: \"bad_host!\" is not a valid host name or IP address"),
                Arguments.of(withEndpoints(ep("http", "a..b", 80, "/x")),
                        "orders: endpoints[0].host: \"a..b\" is not a valid host name or IP address"),
                Arguments.of(withEndpoints(ep("http", "300.1.1.1", 80, "/x")),
                        "orders: endpoints[0].host: \"300.1.1.1\" is not a valid host name or IP address"),
                Arguments.of(withEndpoints(ep("http", "h", 0, "/x")),
                        "orders: endpoints[0].port: 0 is not a port number (1..65535)"),
                Arguments.of(withEndpoints(ep("http", "h", 65536, "/x")),
                        "orders: endpoints[0].port: 65536 is not a port number (1..65535)"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "api")),
                        "orders: endpoints[0].path: \"api\" must start with '/'"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/a//b")),
                        "orders: endpoints[0].path: \"/a//b\" must not have empty segments ('//')"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/a b")), "orders: endpoints[0].path: \"/a b\" has"
                        + " characters outside RFC 3986 path characters (letters, digits, ._~!$&'()+,;=:@-/)"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/users/{id}")), "orders: endpoints[0].path:"
                        + " \"/users/{id}\" has characters outside RFC 3986 path characters (letters, digits,"
                        + " ._~!$&'()+,;=:@-/)"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/a%20b")),
                        "orders: endpoints[0].path: \"/a%20b\" must not be percent-encoded"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/a/../b")),
                        "orders: endpoints[0].path: \"/a/../b\" must not have '.' or '..' segments"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/a/*/b")),
                        "orders: endpoints[0].path: \"/a/*/b\" may use '*' only as a trailing '/*'"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/x", "GET", "FETCH")), "orders: endpoints[0].methods:"
                        + " \"FETCH\" is not an HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE,"
                        + " CONNECT)"),
                Arguments.of(withEndpoints(ep("http", "h", 80, "/x", "GET"), ep("http", "h", 80, "/x", "get")),
                        "orders: endpoints[1]: duplicates endpoints[0] (same host, port, path and methods)"),
                Arguments.of(orders("rateLimit.minute", "ten"),
                        "orders: metadata rateLimit.minute: \"ten\" is not a whole number"),
                Arguments.of(orders("rateLimit.second", "-1"),
                        "orders: metadata rateLimit.second: \"-1\" is not a whole number"),
                Arguments.of(orders("rateLimit.hour", "1.5"),
                        "orders: metadata rateLimit.hour: \"1.5\" is not a whole number"),
                Arguments.of(orders("rateLimit.day", "0"),
                        "orders: metadata rateLimit.day: \"0\" is out of range 1..1000000000000000"),
                Arguments.of(orders("rateLimit.second", "100", "rateLimit.minute", "50"), "orders: metadata"
                        + " rateLimit.minute: \"50\" is lower than rateLimit.second (100); limits must grow from"
                        + " second to year"),
                Arguments.of(orders("rateLimit.day", "1000", "rateLimit.year", "999"), "orders: metadata"
                        + " rateLimit.year: \"999\" is lower than rateLimit.day (1000); limits must grow from second"
                        + " to year"),
                Arguments.of(orders("rateLimit.minute", "1", "rateLimit.by", "user"), "orders: metadata rateLimit.by:"
                        + " \"user\" is not one of consumer, ip, credential, service, header:<header-name>,"
                        + " path:<path>"),
                Arguments.of(orders("rateLimit.minute", "1", "rateLimit.by", "header:"), "orders: metadata"
                        + " rateLimit.by: \"header:\" is not one of consumer, ip, credential, service,"
                        + " header:<header-name>, path:<path>"),
                Arguments.of(orders("rateLimit.minute", "1", "rateLimit.by", "path"), "orders: metadata rateLimit.by:"
                        + " \"path\" is not one of consumer, ip, credential, service, header:<header-name>,"
                        + " path:<path>"),
                Arguments.of(orders("rateLimit.minute", "1", "rateLimit.policy", "memcached"), "orders: metadata"
                        + " rateLimit.policy: \"memcached\" is not one of local, cluster, redis"),
                Arguments.of(orders("rateLimit.minute", "1", "rateLimit.policy", "redis"), "orders: metadata"
                        + " rateLimit.policy: \"redis\" needs Kong-side Redis settings, and the daemon has none"
                        + " configured"),
                Arguments.of(orders("auth.type", "saml"), "orders: metadata auth.type: \"saml\" is not one of jwt,"
                        + " key-auth, basic-auth, oauth2"),
                Arguments.of(orders("auth.type", "jwt", "auth.required", "yes"),
                        "orders: metadata auth.required: \"yes\" is not true or false"),
                Arguments.of(orders("cors.enabled", "on"), "orders: metadata cors.enabled: \"on\" is not true or"
                        + " false"),
                Arguments.of(orders("cors.enabled", "true", "cors.credentials", "1"),
                        "orders: metadata cors.credentials: \"1\" is not true or false"),
                Arguments.of(orders("cors.enabled", "true", "cors.maxAge", "1h"),
                        "orders: metadata cors.maxAge: \"1h\" is not a whole number"),
                Arguments.of(orders("cors.enabled", "true", "cors.origins", "https://a.example.com,(unclosed"),
                        "orders: metadata cors.origins: \"(unclosed\" is not '*' or a valid regular expression"),
                Arguments.of(orders("cors.enabled", "true", "cors.methods", "GET,FETCH"), "orders: metadata"
                        + " cors.methods: \"FETCH\" is not one of GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS, TRACE,"
                        + " CONNECT"),
                Arguments.of(orders("cors.enabled", "true", "cors.headers", "X Bad"),
                        "orders: metadata cors.headers: \"X Bad\" is not a header name (letters, digits, '-', '_')"),
                Arguments.of(orders("cors.enabled", "true", "cors.exposedHeaders", "X:Y"), "orders: metadata"
                        + " cors.exposedHeaders: \"X:Y\" is not a header name (letters, digits, '-', '_')"),
                Arguments.of(orders("masking.enabled", "maybe"),
                        "orders: metadata masking.enabled: \"maybe\" is not true or false"),
                Arguments.of(orders("masking.enabled", "true", "masking.profile", "a b"), "orders: metadata"
                        + " masking.profile: \"a b\" is not a profile name (letters, digits, '.', '_', '-'; at most"
                        + " 64)"),
                Arguments.of(orders("route.prefix", "shop"), "orders: metadata route.prefix: \"shop\" must start with"
                        + " '/'"),
                Arguments.of(orders("route.prefix", "/shop/*"), "orders: metadata route.prefix: \"/shop/*\" has"
                        + " characters outside RFC 3986 path characters (letters, digits, ._~!$&'()+,;=:@-/)"),
                Arguments.of(orders("route.hosts", "api.example.com,bad host"), "orders: metadata route.hosts: \"bad"
                        + " host\" is not a host name (a leading '*.' or trailing '.*' wildcard is allowed)"),
                Arguments.of(orders("route.stripPath", "no"),
                        "orders: metadata route.stripPath: \"no\" is not true or false"),
                Arguments.of(orders("timeout.connect", "0"),
                        "orders: metadata timeout.connect: \"0\" is out of range 1..2147483646"),
                Arguments.of(orders("timeout.read", "2147483647"),
                        "orders: metadata timeout.read: \"2147483647\" is out of range 1..2147483646"),
                Arguments.of(orders("timeout.write", "5s"),
                        "orders: metadata timeout.write: \"5s\" is not a whole number"),
                Arguments.of(orders("retries", "32768"), "orders: metadata retries: \"32768\" is out of range 0..32767"),
                Arguments.of(orders("loadBalancing.algorithm", "random"), "orders: metadata loadBalancing.algorithm:"
                        + " \"random\" is not one of round-robin, consistent-hashing, least-connections, latency"),
                Arguments.of(orders("healthcheck.path", "healthz"),
                        "orders: metadata healthcheck.path: \"healthz\" must start with '/'"),
                Arguments.of(orders("healthcheck.interval", "0"),
                        "orders: metadata healthcheck.interval: \"0\" is out of range 1..65535"),
                Arguments.of(orders("healthcheck.healthyThreshold", "256"),
                        "orders: metadata healthcheck.healthyThreshold: \"256\" is out of range 1..255"),
                Arguments.of(orders("healthcheck.unhealthyThreshold", "three"),
                        "orders: metadata healthcheck.unhealthyThreshold: \"three\" is not a whole number"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidServices")
    void rejectsWithMessageNamingServiceAndField(CatalogService bad, String message) {
        Translation t = Translator.translate(List.of(bad), OPTIONS);
        assertThat(t.rejected()).extracting(ServiceError::toString).containsExactly(message);
        assertThat(t.desired().size()).isZero();
        assertThat(t.validServices()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidServices")
    void aBadServiceNeverStopsTheOthers(CatalogService bad, String message) {
        CatalogService good1 = service("billing", map("rateLimit.minute", "10"), endpoint("/v1/*", "GET"));
        CatalogService good2 = service("users", map("auth.type", "key-auth"), endpoint("/me"));
        Translation alone = Translator.translate(List.of(good1, good2), OPTIONS);
        Translation mixed = Translator.translate(List.of(good1, bad, good2), OPTIONS);
        assertThat(mixed.rejected()).extracting(ServiceError::toString)
                .containsExactly(message.replace("catalog[0]", "catalog[1]"));
        assertThat(mixed.validServices()).containsExactlyInAnyOrder("billing", "users");
        assertThat(mixed.desired()).isEqualTo(alone.desired());
    }

    @Test
    void everyProblemOfAServiceIsReported() {
        CatalogService s = service("orders", map("rateLimit.minute", "ten", "auth.type", "saml"),
                ep("http", "h", 0, "x"));
        assertThat(Translator.translate(List.of(s), OPTIONS).rejected()).extracting(ServiceError::toString)
                .containsExactly(
                        "orders: endpoints[0].path: \"x\" must start with '/'",
                        "orders: endpoints[0].port: 0 is not a port number (1..65535)",
                        "orders: metadata auth.type: \"saml\" is not one of jwt, key-auth, basic-auth, oauth2",
                        "orders: metadata rateLimit.minute: \"ten\" is not a whole number");
    }

    @Test
    void clusterPolicyIsRefusedForADbLessKongOnly() {
        CatalogService cluster = orders("rateLimit.minute", "10", "rateLimit.policy", "cluster");
        CatalogService fine = service("billing", map("rateLimit.minute", "10"), endpoint("/b/*"));
        Translation dbless = Translator.translate(List.of(cluster, fine), OPTIONS.withDbless(true));
        assertThat(dbless.rejected()).extracting(ServiceError::toString).containsExactly(
                "orders: metadata rateLimit.policy: \"cluster\" keeps counters in Kong's database, and the target Kong"
                        + " is DB-less (database = off): use local or redis");
        assertThat(dbless.validServices()).containsExactly("billing");
        assertThat(Translator.translate(List.of(cluster), OPTIONS).rejected()).isEmpty();
    }

    @Test
    void anInvalidEnabledFlagDoesNotHideItsSiblingsErrors() {
        Translation t = Translator.translate(List.of(orders("cors.enabled", "yes", "cors.maxAge", "-1",
                "cors.methods", "FETCH", "masking.enabled", "on", "masking.profile", "no spaces allowed")), OPTIONS);
        assertThat(t.rejected()).extracting(ServiceError::field).contains("metadata cors.enabled",
                "metadata cors.maxAge", "metadata cors.methods", "metadata masking.enabled",
                "metadata masking.profile");
    }

    @Test
    void duplicateNamesRejectAllOfThem() {
        CatalogService a = service("orders", Map.of(), endpoint("/a/*"));
        CatalogService b = service("Orders", Map.of(), endpoint("/b/*"));
        CatalogService c = service("billing", Map.of(), endpoint("/c/*"));
        Translation t = Translator.translate(List.of(a, c, b), OPTIONS);
        assertThat(t.rejected()).extracting(ServiceError::toString).containsExactly(
                "orders: name: \"orders\" is used by 2 catalog services (catalog[0], catalog[2]); all of them are"
                        + " rejected");
        assertThat(t.validServices()).containsExactly("billing");
        assertThat(t.desired().services()).extracting(KongEntity::key).containsExactly("billing");
    }

    @Test
    void unknownKeysAndIneffectiveKeysAreWarningsNotErrors() {
        Translation t = Translator.translate(List.of(orders("rateLimit.minutes", "10", "owner", "team-a",
                "cors.origins", "*", "masking.profile", "strict", "auth.required", "false", "rateLimit.by", "ip")),
                OPTIONS);
        assertThat(t.rejected()).isEmpty();
        assertThat(t.validServices()).containsExactly("orders");
        assertThat(t.warnings()).extracting(Warning::toString).containsExactly(
                "orders: metadata auth.required: ignored: no auth.type is set",
                "orders: metadata cors.origins: ignored: cors.enabled is not true",
                "orders: metadata masking.profile: ignored: masking.enabled is not true",
                "orders: metadata owner: unknown metadata key, ignored",
                "orders: metadata rateLimit.by: ignored: no rateLimit.second/minute/hour/day/month/year is set",
                "orders: metadata rateLimit.minutes: unknown metadata key, ignored");
        Translation typo = Translator.translate(List.of(orders("cors.enabled", "true", "cors.origin", "*")), OPTIONS);
        assertThat(typo.warnings()).extracting(Warning::toString)
                .containsExactly("orders: metadata cors.origin: unknown metadata key, ignored");
        assertThat(t.desired().plugins()).isEmpty();
    }

    @Test
    void maskingNeedsTheHookSource() {
        Translation t = Translator.translate(List.of(orders("masking.enabled", "true")), TranslateOptions.defaults());
        assertThat(t.rejected()).extracting(ServiceError::toString).containsExactly("orders: metadata"
                + " masking.enabled: \"true\" needs the masking hook Lua source, and the daemon was not given one");
    }

    @Test
    void acceptedHostForms() {
        for (String host : Arrays.asList("orders", "orders.ns.svc.cluster.local", "my_host.internal", "10.1.2.3",
                "::1", "[fd00::1]", "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1")) {
            Translation t = Translator.translate(List.of(withEndpoints(ep("http", host, 80, "/x"))), OPTIONS);
            assertThat(t.rejected()).as(host).isEmpty();
        }
        Translation v6 = Translator.translate(List.of(withEndpoints(ep("http", "fd00::1", 80, "/x"))), OPTIONS);
        // as Kong stores it (kong/tools/ip.lua normalize_ipv6 via format_host): fully expanded
        assertThat(v6.desired().targets().get(0).target()).isEqualTo("[fd00:0000:0000:0000:0000:0000:0000:0001]:80");
        for (String host : Arrays.asList("1::2::3", "gggg::1", "-lead.example", "trail-.example", "a.b.")) {
            Translation t = Translator.translate(List.of(withEndpoints(ep("http", host, 80, "/x"))), OPTIONS);
            assertThat(t.rejected()).as(host).hasSize(1);
        }
    }
}

package io.catalogsync.catalog.translate;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.catalog.CatalogService;
import io.catalogsync.catalog.Endpoint;
import io.catalogsync.kong.entity.KongState;
import io.catalogsync.kong.entity.Route;
import io.catalogsync.kong.entity.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Public path -> upstream path, end to end: translate an endpoint, then run the request through Kong's v0 path
 * logic ({@link PathMapping#upstreamPath}) with the translated route and service.
 */
class PathMappingTest {

    @ParameterizedTest(name = "prefix={0} endpoint={1} strip={2}: {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            # route.prefix | endpoint path | stripPath | request                     | upstream receives
            NONE           | /api/v1/*     | true      | /orders/api/v1/items        | /api/v1/items
            NONE           | /api/v1/*     | true      | /orders/api/v1/items/7?x=1  | /api/v1/items/7?x=1
            NONE           | /api/v1/*     | true      | /orders/api/v1/             | /api/v1/
            NONE           | /api/v1/*     | true      | /orders/api/v1              | NONE
            NONE           | /api/v1/*     | true      | /orders/api/v2/items        | NONE
            NONE           | /health       | true      | /orders/health              | /health
            NONE           | /health       | true      | /orders/healthz             | NONE
            NONE           | /health       | true      | /orders/health/x            | NONE
            NONE           | /v1.0/(x)+    | true      | /orders/v1.0/(x)+           | /v1.0/(x)+
            NONE           | /v1.0/(x)+    | true      | /orders/v1x0/(x)+           | NONE
            NONE           | /*            | true      | /orders/anything/here       | /anything/here
            NONE           | /*            | true      | /orders/                    | /
            NONE           | /             | true      | /orders/                    | /
            NONE           | /             | true      | /orders/x                   | NONE
            /              | /api/*        | true      | /api/x                      | /api/x
            /              | /*            | true      | /x/y                        | /x/y
            /shop/         | /cart/*       | true      | /shop/cart/1                | /cart/1
            /shop          | /cart         | true      | /shop/cart                  | /cart
            /shop          | /cart/*       | false     | /shop/cart/1                | /shop/cart/1
            /shop          | /cart         | false     | /shop/cart                  | /shop/cart
            NONE           | /api/v1/*     | false     | /orders/api/v1/items        | /orders/api/v1/items
            """)
    void upstreamReceivesTheEndpointPath(String prefix, String endpointPath, boolean strip, String request,
                                         String expected) {
        Map<String, String> md = new java.util.HashMap<>();
        if (prefix != null) {
            md.put("route.prefix", prefix);
        }
        md.put("route.stripPath", Boolean.toString(strip));
        CatalogService s = new CatalogService("orders", "v1",
                List.of(new Endpoint("http", "h", 80, endpointPath, List.of())), md);
        Translation t = Translator.translate(List.of(s), Fixtures.OPTIONS);
        assertThat(t.rejected()).isEmpty();
        KongState d = t.desired();
        Route route = d.routes().get(0);
        Service service = d.services().get(0);
        // An empty prefix ("/") leaves nothing to strip.
        assertThat(route.stripPath()).isEqualTo(strip && !"/".equals(prefix));
        String path = request.contains("?") ? request.substring(0, request.indexOf('?')) : request;
        String query = request.contains("?") ? request.substring(request.indexOf('?')) : "";
        String upstream = PathMapping.upstreamPath(route.paths().get(0), route.stripPath(), service.path(), path);
        assertThat(upstream == null ? null : upstream + query).isEqualTo(expected);
    }

    @ParameterizedTest(name = "v0 route={0} strip={1} service={2}: {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            # Kong's own v0 table (kong/router/utils.lua get_upstream_uri_v0 branches)
            /foo  | true  | /      | /foo       | /
            /foo  | true  | /      | /foo/bar   | /bar
            /foo  | true  | /up/   | /foo       | /up
            /foo  | true  | /up/   | /foo/      | /up/
            /foo  | true  | /up/   | /foobar    | /up/bar
            /foo  | true  | /up    | /foo       | /up
            /foo  | true  | /up    | /foo/      | /up/
            /foo  | true  | /up    | /foo/bar   | /up/bar
            /foo  | true  | /up    | /foobar    | /up/bar
            /foo  | false | /up/   | /foo/bar   | /up/foo/bar
            /foo  | false | /up    | /foo/bar   | /up/foo/bar
            /foo  | false | NONE   | /foo/bar   | /foo/bar
            """)
    void portOfKongV0(String routePath, boolean strip, String servicePath, String request, String expected) {
        assertThat(PathMapping.upstreamPath(routePath, strip, servicePath, request)).isEqualTo(expected);
    }
}

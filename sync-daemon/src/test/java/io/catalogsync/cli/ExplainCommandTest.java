package io.catalogsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.catalogsync.sync.TestPaths;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code explain} on the example catalog, through the real command line. */
class ExplainCommandTest {

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of(), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static final String CATALOG = TestPaths.exampleCatalog().toString();

    /** The name of the first route of catalog service {@code orders}, as render writes it. */
    private static String ordersRoute() throws Exception {
        Run r = run("render", "--catalog", CATALOG, "--format", "json", "--out", "-");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        for (JsonNode svc : doc.path("services")) {
            for (JsonNode route : svc.path("routes")) {
                if (route.path("tags").toString().contains("catalog-service:orders")) {
                    return route.path("name").asText();
                }
            }
        }
        throw new AssertionError("no route of orders in " + r.out());
    }

    @Test
    void explainsARouteByNameWithItsEndpointsAndKeys() throws Exception {
        String route = ordersRoute();
        Run r = run("explain", "--catalog", CATALOG, "route:" + route);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("route " + route + " (id ")
                .contains("catalog service: orders")
                .containsPattern("paths +=.*\\n +<- endpoint #0")
                .contains("to change it:");
    }

    @Test
    void jsonNamesEveryFieldAndItsOrigins() throws Exception {
        Run r = run("explain", "--catalog", CATALOG, "--output", "json", "route:" + ordersRoute());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("entity").path("type").asText()).isEqualTo("route");
        assertThat(doc.path("catalogService").asText()).isEqualTo("orders");
        assertThat(doc.path("fields")).allSatisfy(f -> assertThat(f.path("from")).isNotEmpty());
    }

    @Test
    void anUnknownEntityExitsFourNamingIt() {
        Run r = run("explain", "--catalog", CATALOG, "nope~nothing");
        assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("'nope~nothing'");
        assertThat(r.out()).isEmpty();
    }
}

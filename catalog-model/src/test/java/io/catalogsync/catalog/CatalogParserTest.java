package io.catalogsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogParserTest {

    private static final String SERVICE = """
            {"name": "my-service", "version": "v1.0.0", "owner": {"team": "x"},
             "endpoints": [{"protocol": "https", "host": "my-service.ns.svc.cluster.local", "port": 8080,
                            "path": "/api/v1/*", "methods": ["GET", "POST"], "weight": 3}],
             "metadata": {"rateLimit.minute": "100", "auth.type": "jwt"}}""";

    private static final CatalogService EXPECTED = new CatalogService("my-service", "v1.0.0",
            List.of(new Endpoint("https", "my-service.ns.svc.cluster.local", 8080, "/api/v1/*", List.of("GET", "POST"))),
            Map.of("rateLimit.minute", "100", "auth.type", "jwt"));

    static Stream<Arguments> wrappers() {
        return Stream.of(
                Arguments.of("bare array", "[" + SERVICE + "]", null),
                Arguments.of("items", "{\"items\": [" + SERVICE + "], \"total\": 1}", null),
                Arguments.of("services", "{\"services\": [" + SERVICE + "], \"next\": \"/api/v1/services?page=2\"}",
                        "/api/v1/services?page=2"),
                Arguments.of("data", "{\"data\": [" + SERVICE + "], \"next\": null}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrappers")
    void acceptsEveryWrapperAndIgnoresUnknownFields(String label, String json, String next) {
        CatalogPage page = CatalogParser.parseJson(json.getBytes(StandardCharsets.UTF_8));
        assertThat(page.services()).containsExactly(EXPECTED);
        assertThat(page.next()).isEqualTo(next);
    }

    @Test
    void metadataNumbersBooleansNestedObjectsAndListsBecomeStrings() {
        String json = """
                [{"name": "s", "endpoints": [{"host": "h", "port": "8080", "path": "/x"}],
                  "metadata": {"rateLimit.minute": 100, "cors.enabled": true, "retries": 3,
                               "timeout": {"connect": 5000}, "cors.origins": ["https://a.example", "*"],
                               "masking.profile": null}}]""";
        CatalogService s = CatalogParser.parseJson(json.getBytes(StandardCharsets.UTF_8)).services().get(0);
        assertThat(s.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("rateLimit.minute", "100",
                "cors.enabled", "true", "retries", "3", "timeout.connect", "5000",
                "cors.origins", "https://a.example,*"));
        assertThat(s.endpoints().get(0).port()).isEqualTo(8080);
        assertThat(s.endpoints().get(0).methods()).isEmpty();
    }

    @Test
    void yamlListSingleServiceAndMultipleDocuments() {
        String yaml = """
                - name: a
                  endpoints:
                    - {protocol: http, host: a.local, port: 80, path: /*, methods: [GET]}
                  metadata:
                    rateLimit:
                      minute: 10
                ---
                name: b
                endpoints:
                  - host: b.local
                    port: 81
                    path: /b
                    methods: GET, POST
                ---
                services:
                  - name: c
                    endpoints: [{host: c.local, port: 82, path: /c}]
                """;
        List<CatalogService> services = CatalogParser.parseYaml(yaml, "catalog.yaml");
        assertThat(services).extracting(CatalogService::name).containsExactly("a", "b", "c");
        assertThat(services.get(0).metadata()).containsEntry("rateLimit.minute", "10");
        assertThat(services.get(1).endpoints().get(0).methods()).containsExactly("GET", "POST");
    }

    @Test
    void emptyYamlHasNoServices() {
        assertThat(CatalogParser.parseYaml("", "empty.yaml")).isEmpty();
        assertThat(CatalogParser.parseYaml("# nothing yet\n", "empty.yaml")).isEmpty();
    }

    static Stream<Arguments> badDocuments() {
        return Stream.of(
                Arguments.of("[{\"name\": \"a\",}]", "catalog response: invalid JSON at line 1, column 15: "),
                Arguments.of("{\"name\": \"a\"\n \"x\": 1}", "catalog response: invalid JSON at line 2, column 2: "),
                Arguments.of("{\"message\": \"unauthorized\"}", "catalog response: expected an array of services, or"
                        + " an object with the array under 'items', 'services' or 'data'; got an object with keys"
                        + " [message]"),
                Arguments.of("\"hello\"", "catalog response: expected an array of services, got a string"),
                Arguments.of("{\"items\": {\"name\": \"a\"}}", "catalog response: items: expected an array of services,"
                        + " got an object"),
                Arguments.of("[{\"name\": \"a\", \"endpoints\": [{\"host\": \"h\", \"port\": \"eighty\"}]}]",
                        "catalog response: [0].endpoints[0].port: expected a whole number, got a string (eighty)"),
                Arguments.of("{\"data\": [{\"name\": \"a\", \"endpoints\": {\"host\": \"h\"}}]}",
                        "catalog response: data[0].endpoints: expected an array of endpoints, got an object"),
                Arguments.of("[{\"name\": \"a\", \"metadata\": [\"x\"]}]",
                        "catalog response: [0].metadata: expected an object of string values, got an array"),
                Arguments.of("[1]", "catalog response: [0]: expected a service object, got a number"),
                Arguments.of("", "catalog response: empty body, expected a JSON array of services"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badDocuments")
    void badDocumentsFailWithSourceAndPlace(String body, String messageStart) {
        assertThatThrownBy(() -> CatalogParser.parseJson(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CatalogParseException.class)
                .hasMessageStartingWith(messageStart);
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingTheKey() {
        String yaml = """
                - name: a
                  endpoints: [{host: h, port: 8080, path: /x}]
                  metadata:
                    rateLimit.minute: "100"
                    rateLimit.minute: "100000"
                """;
        assertThatThrownBy(() -> CatalogParser.parseYaml(yaml, "services/a.yaml"))
                .isInstanceOf(CatalogParseException.class)
                .hasMessageContaining("services/a.yaml").hasMessageContaining("rateLimit.minute")
                .hasMessageContaining("line 5");
        String json = "[{\"name\": \"a\", \"name\": \"b\", \"endpoints\": [{\"host\": \"h\", \"port\": 80}]}]";
        assertThatThrownBy(() -> CatalogParser.parseJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "api"))
                .isInstanceOf(CatalogParseException.class).hasMessageContaining("'name'");
    }

    @Test
    void badYamlNamesFileAndLine() {
        assertThatThrownBy(() -> CatalogParser.parseYaml("- name: a\n  endpoints: [\n", "services/a.yaml"))
                .isInstanceOf(CatalogParseException.class)
                .hasMessageStartingWith("services/a.yaml: invalid YAML at line ");
        assertThatThrownBy(() -> CatalogParser.parseYaml("just a string\n", "x.yaml"))
                .isInstanceOf(CatalogParseException.class)
                .hasMessage("x.yaml: expected an array of services, got a string");
    }

    @Test
    void dtosAreReadableByPlainJackson() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        CatalogService s = mapper.readValue(SERVICE, CatalogService.class);
        assertThat(s).isEqualTo(EXPECTED);
        assertThat(mapper.readValue(mapper.writeValueAsString(s), CatalogService.class)).isEqualTo(s);
    }
}

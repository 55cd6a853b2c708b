package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every YAML document under {@code manifests/} is either a kustomization (checked by the renderer), a file a
 * generator embeds (checked where it is used), or a Kubernetes object that parses strictly with the fabric8 model.
 */
class ManifestSchemaTest {

    @TestFactory
    Stream<DynamicTest> everyKubernetesDocumentParsesStrictly() {
        Path root = ManifestRepository.manifestsDir();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : ManifestRepository.yamlFiles(root)) {
            if (isKustomization(file) || isGeneratorInput(file)) {
                continue;
            }
            for (ManifestRepository.YamlDocument doc : ManifestRepository.read(file)) {
                tests.add(DynamicTest.dynamicTest(root.relativize(file) + " #" + (doc.index() + 1), () -> {
                    StrictKubernetesModel.parse(doc.node(), doc.where());
                    assertStringsWhereKubernetesWantsStrings(doc);
                }));
            }
        }
        assertThat(tests).as("Kubernetes documents under " + root).hasSizeGreaterThan(10);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> noYaml11BooleanLookalikesUnquoted() {
        // Kubernetes reads YAML 1.1 (sigs.k8s.io/yaml): an unquoted `off` or `yes` becomes a boolean, and
        // `KONG_DATABASE: off` would then fail to apply. Such words must be quoted.
        Pattern bare = Pattern.compile("^[^#]*:\\s+(?i)(yes|no|on|off|y|n)\\s*(#.*)?$");
        Path root = ManifestRepository.manifestsDir();
        return ManifestRepository.yamlFiles(root).stream().map(file -> DynamicTest.dynamicTest(
                root.relativize(file).toString(), () -> {
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = bare.matcher(lines.get(i));
                        assertThat(m.matches()).as(file + ":" + (i + 1) + " has an unquoted YAML 1.1 boolean: "
                                + lines.get(i)).isFalse();
                    }
                }));
    }

    @Test
    void anUnknownFieldIsRejected() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("imagePullPolicyy", "Always");
        assertThatThrownBy(() -> StrictKubernetesModel.parse(deployment, "test"))
                .hasMessageContaining("imagePullPolicyy");
    }

    @Test
    void anUnknownFieldDeepInsideIsRejected() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/livenessProbe/httpGet")).put("paht", "/x");
        assertThatThrownBy(() -> StrictKubernetesModel.parse(deployment, "test"))
                .hasMessageContaining("httpGet.paht");
    }

    @Test
    void aWrongTypeIsRejected() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.get("spec")).put("replicas", "two");
        assertThatThrownBy(() -> StrictKubernetesModel.parse(deployment, "test")).hasMessageContaining("does not parse");
    }

    @Test
    void aMistypedKindIsRejected() {
        ObjectNode deployment = deployment();
        deployment.put("kind", "Deploymnet");
        assertThatThrownBy(() -> StrictKubernetesModel.parse(deployment, "test")).hasMessageContaining("Deploymnet");
    }

    @Test
    void anUnknownFieldInAPrometheusRuleIsRejected() throws IOException {
        ObjectNode rule = (ObjectNode) ManifestRepository.YAML.readTree(String.join("\n",
                "apiVersion: monitoring.coreos.com/v1",
                "kind: PrometheusRule",
                "metadata: {name: x}",
                "spec:",
                "  groups:",
                "    - name: g",
                "      rules:",
                "        - alert: A",
                "          expr: up == 0",
                "          for: 5m",
                "          severity: page"));
        assertThatThrownBy(() -> StrictKubernetesModel.parse(rule, "test")).hasMessageContaining("severity");
        ((ObjectNode) rule.at("/spec/groups/0/rules/0")).remove("severity");
        StrictKubernetesModel.parse(rule, "test");
        ((ObjectNode) rule.at("/spec/groups/0/rules/0")).put("for", "five minutes");
        assertThatThrownBy(() -> StrictKubernetesModel.parse(rule, "test")).hasMessageContaining("duration");
    }

    private static ObjectNode deployment() {
        try {
            return (ObjectNode) ManifestRepository.YAML.readTree(String.join("\n",
                    "apiVersion: apps/v1",
                    "kind: Deployment",
                    "metadata: {name: d}",
                    "spec:",
                    "  replicas: 1",
                    "  selector: {matchLabels: {a: b}}",
                    "  template:",
                    "    metadata: {labels: {a: b}}",
                    "    spec:",
                    "      containers:",
                    "        - name: c",
                    "          image: i",
                    "          livenessProbe: {httpGet: {path: /healthz, port: 8080}}"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean isKustomization(Path file) {
        return file.getFileName().toString().equals("kustomization.yaml");
    }

    /** Files embedded by a configMapGenerator live in a {@code files/} folder beside their kustomization. */
    static boolean isGeneratorInput(Path file) {
        return file.getParent().getFileName().toString().equals("files");
    }

    /**
     * Jackson coerces {@code 8080} into a String field without complaint; the API server does not (ConfigMap data,
     * env values, labels and annotations are strings and a bare number or boolean is rejected on apply).
     */
    private static void assertStringsWhereKubernetesWantsStrings(ManifestRepository.YamlDocument doc) {
        JsonNode node = doc.node();
        List<JsonNode> mustBeStrings = new ArrayList<>();
        if (node.path("kind").asText().equals("ConfigMap")) {
            node.path("data").forEach(mustBeStrings::add);
        }
        collect(node, "labels", mustBeStrings);
        collect(node, "annotations", mustBeStrings);
        collectEnvValues(node, mustBeStrings);
        for (JsonNode v : mustBeStrings) {
            assertThat(v.isTextual()).as(doc.where() + ": " + v + " must be a quoted string").isTrue();
        }
    }

    private static void collect(JsonNode node, String mapName, List<JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals(mapName) && e.getValue().isObject()) {
                    e.getValue().forEach(out::add);
                } else {
                    collect(e.getValue(), mapName, out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, mapName, out));
        }
    }

    private static void collectEnvValues(JsonNode node, List<JsonNode> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("env") && e.getValue().isArray()) {
                    e.getValue().forEach(env -> {
                        if (env.has("value")) {
                            out.add(env.get("value"));
                        }
                    });
                } else {
                    collectEnvValues(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectEnvValues(n, out));
        }
    }
}

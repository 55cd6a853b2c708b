package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test renderer itself: it must do what kustomize does for the features it accepts, and refuse the rest. */
class KustomizerTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = String.join("\n",
            "apiVersion: apps/v1",
            "kind: Deployment",
            "metadata: {name: app, labels: {a: b}}",
            "spec:",
            "  selector: {matchLabels: {a: b}}",
            "  template:",
            "    metadata: {labels: {a: b}}",
            "    spec:",
            "      containers:",
            "        - name: main",
            "          image: registry.local:5000/team/app:1.0",
            "          args: [run, --x]",
            "          env: [{name: A, value: '1'}, {name: B, value: '2'}]",
            "          ports: [{name: http, containerPort: 8080}]",
            "          volumeMounts: [{name: tmp, mountPath: /tmp}]",
            "        - name: other",
            "          image: busybox:1.36",
            "      volumes: [{name: tmp, emptyDir: {}}]",
            "");

    @Test
    void strategicMergeMergesListsByTheirKubernetesMergeKeysAndReplacesTheRest() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", kustomization("resources: [deployment.yaml]"));
        write("overlay/patch.yaml", String.join("\n",
                "apiVersion: apps/v1",
                "kind: Deployment",
                "metadata: {name: app}",
                "spec:",
                "  replicas: 2",
                "  template:",
                "    spec:",
                "      containers:",
                "        - name: main",
                "          args: [run, --leader-elect]",
                "          env: [{name: B, value: '3'}, {name: C, value: '4'}]",
                "          volumeMounts: [{name: cache, mountPath: /cache}, {name: tmp2, mountPath: /tmp}]",
                "        - name: sidecar",
                "          image: side:1",
                "      volumes: [{name: cache, emptyDir: {}}]",
                ""));
        write("overlay/kustomization.yaml", kustomization("resources: [../base]", "patches: [{path: patch.yaml}]"));

        JsonNode d = only(Kustomizer.build(dir.resolve("overlay")));
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode main = d.at("/spec/template/spec/containers/0");
        assertThat(main.path("name").asText()).isEqualTo("main");
        assertThat(main.path("args").toString()).isEqualTo("[\"run\",\"--leader-elect\"]");
        assertThat(main.path("env").toString())
                .isEqualTo("[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"3\"},{\"name\":\"C\",\"value\":\"4\"}]");
        assertThat(main.path("image").asText()).isEqualTo("registry.local:5000/team/app:1.0");
        // volumeMounts merge on mountPath, not name
        assertThat(main.path("volumeMounts").toString())
                .isEqualTo("[{\"name\":\"tmp2\",\"mountPath\":\"/tmp\"},{\"name\":\"cache\",\"mountPath\":\"/cache\"}]");
        assertThat(d.at("/spec/template/spec/containers").size()).isEqualTo(3);
        assertThat(d.at("/spec/template/spec/containers/2/name").asText()).isEqualTo("sidecar");
        assertThat(d.at("/spec/template/spec/volumes").size()).isEqualTo(2);
    }

    @Test
    void nullInAPatchDeletesTheField() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", kustomization("resources: [deployment.yaml]"));
        write("overlay/patch.yaml", String.join("\n",
                "apiVersion: apps/v1", "kind: Deployment", "metadata: {name: app}",
                "spec: {template: {spec: {containers: [{name: main, args: null}]}}}", ""));
        write("overlay/kustomization.yaml", kustomization("resources: [../base]", "patches: [{path: patch.yaml}]"));
        assertThat(only(Kustomizer.build(dir.resolve("overlay"))).at("/spec/template/spec/containers/0").has("args"))
                .isFalse();
    }

    @Test
    void aPatchForAResourceTheBaseDoesNotHaveFails() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", kustomization("resources: [deployment.yaml]"));
        write("overlay/patch.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ghost}\nspec: {replicas: 2}\n");
        write("overlay/kustomization.yaml", kustomization("resources: [../base]", "patches: [{path: patch.yaml}]"));
        assertThatThrownBy(() -> Kustomizer.build(dir.resolve("overlay"))).hasMessageContaining("no unique target")
                .hasMessageContaining("Deployment/ghost");
    }

    @Test
    void aPatchOfTheWrongApiVersionFindsNoTarget() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", kustomization("resources: [deployment.yaml]"));
        write("overlay/patch.yaml", "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: app}\nspec: {replicas: 2}\n");
        write("overlay/kustomization.yaml", kustomization("resources: [../base]", "patches: [{path: patch.yaml}]"));
        assertThatThrownBy(() -> Kustomizer.build(dir.resolve("overlay"))).hasMessageContaining("no unique target");
    }

    @Test
    void unsupportedFieldsAndFilesOutsideTheRootAreRefused() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", kustomization("resources: [deployment.yaml]", "commonAnnotations: {a: b}"));
        assertThatThrownBy(() -> Kustomizer.build(dir.resolve("base"))).hasMessageContaining("commonAnnotations");

        write("base/kustomization.yaml", kustomization("resources: [deployment.yaml]"));
        write("overlay/kustomization.yaml", kustomization("resources: [../base/deployment.yaml]"));
        assertThatThrownBy(() -> Kustomizer.build(dir.resolve("overlay"))).hasMessageContaining("outside");
    }

    @Test
    void aResourceDefinedTwiceFails() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", kustomization("resources: [deployment.yaml]"));
        write("overlay/deployment.yaml", DEPLOYMENT);
        write("overlay/kustomization.yaml", kustomization("resources: [../base, deployment.yaml]"));
        assertThatThrownBy(() -> Kustomizer.build(dir.resolve("overlay"))).hasMessageContaining("defined twice");
    }

    @Test
    void namespaceLabelsAndImagesTransformers() throws IOException {
        write("base/deployment.yaml", DEPLOYMENT);
        write("base/rbac.yaml", String.join("\n",
                "apiVersion: v1", "kind: Namespace", "metadata: {name: old}", "---",
                "apiVersion: rbac.authorization.k8s.io/v1", "kind: RoleBinding", "metadata: {name: rb}",
                "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}",
                "subjects: [{kind: ServiceAccount, name: default}, {kind: ServiceAccount, name: sa, namespace: elsewhere}]",
                ""));
        write("base/kustomization.yaml", kustomization(
                "resources: [deployment.yaml, rbac.yaml]",
                "namespace: target",
                "labels: [{pairs: {env: dev}, includeTemplates: true}]",
                "images: [{name: registry.local:5000/team/app, newName: example.org/app, newTag: '2.0'}, {name: busybox, newTag: '1.37'}]"));
        List<ObjectNode> out = Kustomizer.build(dir.resolve("base"));
        JsonNode d = out.get(0);
        assertThat(d.at("/metadata/namespace").asText()).isEqualTo("target");
        assertThat(d.at("/metadata/labels/env").asText()).isEqualTo("dev");
        assertThat(d.at("/spec/template/metadata/labels/env").asText()).isEqualTo("dev");
        assertThat(d.at("/spec/selector/matchLabels").has("env")).isFalse();
        assertThat(d.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("example.org/app:2.0");
        assertThat(d.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("busybox:1.37");
        JsonNode ns = out.get(1);
        assertThat(ns.at("/metadata/name").asText()).isEqualTo("target");
        assertThat(ns.at("/metadata").has("namespace")).isFalse();
        JsonNode rb = out.get(2);
        assertThat(rb.at("/subjects/0/namespace").asText()).isEqualTo("target");
        assertThat(rb.at("/subjects/1/namespace").asText()).isEqualTo("elsewhere");
    }

    @Test
    void configMapGeneratorEmbedsFilesAndRequiresAStableName() throws IOException {
        write("base/files/dash.json", "{\"title\":\"x\"}");
        write("base/kustomization.yaml", kustomization(
                "configMapGenerator:",
                "  - name: dash",
                "    files: [d.json=files/dash.json]",
                "    literals: [K=V]",
                "    options: {disableNameSuffixHash: true, labels: {grafana_dashboard: '1'}}"));
        JsonNode cm = only(Kustomizer.build(dir.resolve("base")));
        assertThat(cm.at("/data/d.json").asText()).isEqualTo("{\"title\":\"x\"}");
        assertThat(cm.at("/data/K").asText()).isEqualTo("V");
        assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");

        write("base/kustomization.yaml", kustomization(
                "configMapGenerator:", "  - name: dash", "    files: [files/dash.json]"));
        assertThatThrownBy(() -> Kustomizer.build(dir.resolve("base"))).hasMessageContaining("disableNameSuffixHash");
    }

    @Test
    void imageNameStripsTagAndDigestButNotARegistryPort() {
        assertThat(Kustomizer.imageName("kong:3.4.2")).isEqualTo("kong");
        assertThat(Kustomizer.imageName("registry:5000/a/b")).isEqualTo("registry:5000/a/b");
        assertThat(Kustomizer.imageName("registry:5000/a/b:1@sha256:abc")).isEqualTo("registry:5000/a/b");
    }

    private static String kustomization(String... lines) {
        return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n" + String.join("\n", lines) + "\n";
    }

    private void write(String relative, String content) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static JsonNode only(List<ObjectNode> resources) {
        assertThat(resources).hasSize(1);
        return resources.get(0);
    }
}

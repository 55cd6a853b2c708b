package io.catalogsync.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The output of one kustomization, with the look-ups the tests need. */
final class Rendered {

    /** The three kustomizations a user applies (base is applied by no one, but must render on its own). */
    enum Target {
        BASE("base"), DEV("overlays/dev"), PROD("overlays/prod");

        final String folder;

        Target(String folder) {
            this.folder = folder;
        }
    }

    final Target target;
    final List<ObjectNode> resources;

    private Rendered(Target target, List<ObjectNode> resources) {
        this.target = target;
        this.resources = resources;
    }

    private static final java.util.Map<Target, Rendered> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Rendered once per test JVM: the tests only read the result. */
    static Rendered of(Target target) {
        return CACHE.computeIfAbsent(target, t -> new Rendered(t,
                java.util.Collections.unmodifiableList(Kustomizer.build(ManifestRepository.manifestsDir().resolve(t.folder)))));
    }

    List<ObjectNode> ofKind(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).collect(Collectors.toList());
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> r.at("/metadata/name").asText().equals(name)).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(target + " renders no " + kind + "/" + name));
    }

    /** The named container of a Deployment. */
    static JsonNode container(JsonNode deployment, String name) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : deployment.at("/spec/template/spec/" + list)) {
                if (c.path("name").asText().equals(name)) {
                    return c;
                }
            }
        }
        throw new AssertionError(deployment.at("/metadata/name").asText() + " has no container " + name);
    }

    static List<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> all = new ArrayList<>();
        deployment.at("/spec/template/spec/initContainers").forEach(all::add);
        deployment.at("/spec/template/spec/containers").forEach(all::add);
        return all;
    }

    /** A container's env entry, or a missing node. */
    static JsonNode env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * The value a container sees for a variable set literally or through a ConfigMap (envFrom or
     * configMapKeyRef), as Kubernetes resolves it: an explicit env entry wins over envFrom.
     */
    Optional<String> resolvedEnv(JsonNode container, String name) {
        JsonNode e = env(container, name);
        if (!e.isMissingNode()) {
            if (e.has("value")) {
                return Optional.of(e.get("value").asText());
            }
            JsonNode ref = e.at("/valueFrom/configMapKeyRef");
            if (!ref.isMissingNode()) {
                return Optional.ofNullable(get("ConfigMap", ref.path("name").asText()).path("data")
                        .path(ref.path("key").asText()).textValue());
            }
            return Optional.empty();
        }
        for (JsonNode from : container.path("envFrom")) {
            JsonNode ref = from.path("configMapRef");
            if (!ref.isMissingNode()) {
                JsonNode v = get("ConfigMap", ref.path("name").asText()).path("data").path(name);
                if (v.isTextual()) {
                    return Optional.of(v.asText());
                }
            }
        }
        return Optional.empty();
    }

    /** Every variable name a container gets: explicit env entries and the keys of its envFrom ConfigMaps. */
    List<String> envNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        for (JsonNode from : container.path("envFrom")) {
            JsonNode ref = from.path("configMapRef");
            if (!ref.isMissingNode()) {
                get("ConfigMap", ref.path("name").asText()).path("data").fieldNames().forEachRemaining(names::add);
            }
        }
        return names;
    }

    /** Whether {@code labels} satisfy a {@code matchLabels} selector (the manifests use no matchExpressions). */
    static boolean matches(JsonNode matchLabels, JsonNode labels) {
        if (matchLabels.isMissingNode() || matchLabels.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(labels.path(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Deployments whose pods a selector picks. */
    List<ObjectNode> deploymentsSelectedBy(JsonNode matchLabels) {
        return ofKind("Deployment").stream()
                .filter(d -> matches(matchLabels, d.at("/spec/template/metadata/labels")))
                .collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return target.folder;
    }
}

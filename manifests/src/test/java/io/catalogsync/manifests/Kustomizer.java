package io.catalogsync.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of {@code kustomize build} these manifests use, so the tests can check what {@code kubectl apply -k}
 * would apply (kustomize is not installed here). Follows kustomize's own order
 * (api/internal/target/kusttarget_configplugin.go): resources, then generators, then patches, namespace, labels,
 * images. Anything outside that subset is refused with the field's name, so the renderer never silently
 * differs from kustomize: a kustomization using a feature it lacks fails the tests instead.
 */
final class Kustomizer {

    private static final Set<String> KNOWN_FIELDS = Set.of(
            "apiVersion", "kind", "resources", "namespace", "labels", "images", "patches", "configMapGenerator");

    /** Cluster-scoped kinds among those these manifests could hold: they get no namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
            "StorageClass", "PersistentVolume", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration");

    /** Kinds with a pod template at spec.template (kustomize's templateLabels and images field specs). */
    private static final Set<String> POD_TEMPLATE_KINDS = Set.of(
            "Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job");

    private Kustomizer() {
    }

    /** Renders the kustomization in {@code dir}: every resource, transformed, in load order. */
    static List<ObjectNode> build(Path dir) {
        Path kustomizationFile = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(kustomizationFile)) {
            throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        }
        List<ManifestRepository.YamlDocument> docs = ManifestRepository.read(kustomizationFile);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(kustomizationFile + " must hold exactly one document");
        }
        ObjectNode k = docs.get(0).node();
        checkFields(kustomizationFile, k);

        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : array(k, "resources")) {
            Path p = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(p)) {
                resources.addAll(build(p));
            } else {
                for (ManifestRepository.YamlDocument d : ManifestRepository.read(withinRoot(dir, entry.asText()))) {
                    resources.add(d.node());
                }
            }
        }
        for (JsonNode generator : array(k, "configMapGenerator")) {
            resources.add(generateConfigMap(dir, (ObjectNode) generator));
        }
        checkUnique(kustomizationFile, resources);

        for (JsonNode patch : array(k, "patches")) {
            applyPatch(dir, (ObjectNode) patch, resources);
        }
        if (k.hasNonNull("namespace")) {
            setNamespace(resources, k.get("namespace").asText());
        }
        for (JsonNode label : array(k, "labels")) {
            addLabels((ObjectNode) label, resources);
        }
        for (JsonNode image : array(k, "images")) {
            setImage((ObjectNode) image, resources);
        }
        return resources;
    }

    /** apiVersion/kind/namespace/name: kustomize refuses two resources with the same id. */
    static String id(JsonNode r) {
        return r.path("apiVersion").asText() + "/" + r.path("kind").asText() + "/"
                + r.path("metadata").path("namespace").asText("~") + "/" + r.path("metadata").path("name").asText();
    }

    private static void checkFields(Path file, ObjectNode k) {
        if (!"kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText())
                || !"Kustomization".equals(k.path("kind").asText())) {
            throw new IllegalArgumentException(file + ": apiVersion/kind must be kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        k.fieldNames().forEachRemaining(f -> {
            if (!KNOWN_FIELDS.contains(f)) {
                throw new IllegalArgumentException(file + ": field '" + f + "' is not supported by the test renderer");
            }
        });
    }

    private static void checkUnique(Path file, List<ObjectNode> resources) {
        Set<String> seen = new java.util.HashSet<>();
        for (ObjectNode r : resources) {
            if (!seen.add(id(r))) {
                throw new IllegalArgumentException(file + ": resource " + id(r) + " is defined twice");
            }
        }
    }

    /**
     * kustomize's default load restriction (LoadRestrictionsRootOnly): files a kustomization names must lie in
     * or below its folder; only whole kustomizations (folders) may live elsewhere.
     */
    private static Path withinRoot(Path dir, String relative) {
        Path p = dir.resolve(relative).normalize();
        if (!p.startsWith(dir.normalize())) {
            throw new IllegalArgumentException(relative + " is outside " + dir + " (kustomize refuses it)");
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(dir + ": no file " + relative);
        }
        return p;
    }

    private static ObjectNode generateConfigMap(Path dir, ObjectNode generator) {
        Set<String> known = Set.of("name", "files", "literals", "options");
        generator.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(dir + ": configMapGenerator field '" + f + "' is not supported");
            }
        });
        JsonNode optionsNode = generator.path("options");
        ObjectNode options = optionsNode.isObject() ? (ObjectNode) optionsNode : JsonNodeFactory.instance.objectNode();
        if (!options.path("disableNameSuffixHash").asBoolean(false)) {
            // With a hash suffix kustomize also rewrites every reference to the ConfigMap; this renderer does not.
            throw new IllegalArgumentException(dir + ": configMapGenerator " + generator.path("name").asText()
                    + " must set options.disableNameSuffixHash: true");
        }
        options.fieldNames().forEachRemaining(f -> {
            if (!Set.of("disableNameSuffixHash", "labels", "annotations").contains(f)) {
                throw new IllegalArgumentException(dir + ": configMapGenerator option '" + f + "' is not supported");
            }
        });
        ObjectNode cm = JsonNodeFactory.instance.objectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        ObjectNode metadata = cm.putObject("metadata");
        metadata.put("name", generator.path("name").asText());
        if (options.has("labels")) {
            metadata.set("labels", options.get("labels").deepCopy());
        }
        if (options.has("annotations")) {
            metadata.set("annotations", options.get("annotations").deepCopy());
        }
        ObjectNode data = cm.putObject("data");
        for (JsonNode f : array(generator, "files")) {
            String spec = f.asText();
            int eq = spec.indexOf('=');
            String key = eq < 0 ? Path.of(spec).getFileName().toString() : spec.substring(0, eq);
            Path file = withinRoot(dir, eq < 0 ? spec : spec.substring(eq + 1));
            try {
                data.put(key, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (JsonNode l : array(generator, "literals")) {
            String spec = l.asText();
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(dir + ": literal '" + spec + "' is not KEY=VALUE");
            }
            data.put(spec.substring(0, eq), spec.substring(eq + 1));
        }
        return cm;
    }

    /**
     * A strategic merge patch from a file; without a {@code target} it applies to the one resource with the
     * patch's apiVersion, kind and name (and namespace, when the patch names one), and kustomize fails when there
     * is no such resource: "overlays only patch what exists" is enforced here.
     */
    private static void applyPatch(Path dir, ObjectNode entry, List<ObjectNode> resources) {
        entry.fieldNames().forEachRemaining(f -> {
            if (!f.equals("path")) {
                throw new IllegalArgumentException(dir + ": patches field '" + f + "' is not supported (only path)");
            }
        });
        Path file = withinRoot(dir, entry.path("path").asText());
        for (ManifestRepository.YamlDocument doc : ManifestRepository.read(file)) {
            ObjectNode patch = doc.node();
            if (!patch.has("apiVersion") || !patch.has("kind") || !patch.path("metadata").has("name")) {
                throw new IllegalArgumentException(doc.where() + ": a patch needs apiVersion, kind and metadata.name");
            }
            List<ObjectNode> matches = new ArrayList<>();
            for (ObjectNode r : resources) {
                boolean same = r.path("apiVersion").equals(patch.get("apiVersion"))
                        && r.path("kind").equals(patch.get("kind"))
                        && r.path("metadata").path("name").equals(patch.path("metadata").get("name"));
                JsonNode ns = patch.path("metadata").path("namespace");
                if (same && (ns.isMissingNode() || ns.equals(r.path("metadata").path("namespace")))) {
                    matches.add(r);
                }
            }
            if (matches.size() != 1) {
                throw new IllegalArgumentException(doc.where() + ": no unique target for patch "
                        + patch.get("kind").asText() + "/" + patch.path("metadata").get("name").asText()
                        + " (found " + matches.size() + ")");
            }
            StrategicMerge.apply(matches.get(0), patch);
        }
    }

    private static void setNamespace(List<ObjectNode> resources, String namespace) {
        for (ObjectNode r : resources) {
            String kind = r.path("kind").asText();
            if (kind.equals("Namespace") && r.path("apiVersion").asText().equals("v1")) {
                ((ObjectNode) r.get("metadata")).put("name", namespace);
            }
            if (!CLUSTER_SCOPED.contains(kind)) {
                ((ObjectNode) r.withObjectProperty("metadata")).put("namespace", namespace);
            }
            if (kind.equals("RoleBinding") || kind.equals("ClusterRoleBinding")) {
                // kustomize's default (setRoleBindingSubjects: defaultOnly) rewrites only subjects named "default".
                for (JsonNode s : r.path("subjects")) {
                    if (s.path("name").asText().equals("default")) {
                        ((ObjectNode) s).put("namespace", namespace);
                    }
                }
            }
        }
    }

    private static void addLabels(ObjectNode spec, List<ObjectNode> resources) {
        spec.fieldNames().forEachRemaining(f -> {
            if (!Set.of("pairs", "includeTemplates", "includeSelectors").contains(f)) {
                throw new IllegalArgumentException("labels field '" + f + "' is not supported");
            }
        });
        if (spec.path("includeSelectors").asBoolean(false)) {
            // Selectors are immutable on a Deployment: changing them in an overlay breaks upgrades.
            throw new IllegalArgumentException("labels.includeSelectors: true is not supported");
        }
        boolean templates = spec.path("includeTemplates").asBoolean(false);
        for (ObjectNode r : resources) {
            putAll(r.withObjectProperty("metadata").withObjectProperty("labels"), (ObjectNode) spec.get("pairs"));
            if (templates && POD_TEMPLATE_KINDS.contains(r.path("kind").asText())) {
                putAll(r.withObjectProperty("spec").withObjectProperty("template").withObjectProperty("metadata").withObjectProperty("labels"), (ObjectNode) spec.get("pairs"));
            }
        }
    }

    private static void putAll(ObjectNode target, ObjectNode pairs) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pairs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            target.put(e.getKey(), e.getValue().asText());
        }
    }

    /** kustomize's images transformer: matches the image name (without tag or digest) of every container. */
    private static void setImage(ObjectNode spec, List<ObjectNode> resources) {
        spec.fieldNames().forEachRemaining(f -> {
            if (!Set.of("name", "newName", "newTag", "digest").contains(f)) {
                throw new IllegalArgumentException("images field '" + f + "' is not supported");
            }
        });
        String name = spec.path("name").asText();
        for (ObjectNode r : resources) {
            if (!POD_TEMPLATE_KINDS.contains(r.path("kind").asText())) {
                continue;
            }
            JsonNode podSpec = r.path("spec").path("template").path("spec");
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode c : podSpec.path(list)) {
                    String image = c.path("image").asText();
                    if (!imageName(image).equals(name)) {
                        continue;
                    }
                    String newName = spec.path("newName").asText(imageName(image));
                    String result;
                    if (spec.hasNonNull("digest")) {
                        result = newName + "@" + spec.get("digest").asText();
                    } else if (spec.hasNonNull("newTag")) {
                        result = newName + ":" + spec.get("newTag").asText();
                    } else {
                        result = newName + image.substring(imageName(image).length());
                    }
                    ((ObjectNode) c).put("image", result);
                }
            }
        }
    }

    /** The image reference without ":tag" or "@digest" (a ':' before the last '/' is a registry port). */
    static String imageName(String image) {
        int at = image.indexOf('@');
        String noDigest = at < 0 ? image : image.substring(0, at);
        int colon = noDigest.lastIndexOf(':');
        return colon > noDigest.lastIndexOf('/') ? noDigest.substring(0, colon) : noDigest;
    }

    private static ArrayNode array(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list");
        }
        return (ArrayNode) v;
    }
}

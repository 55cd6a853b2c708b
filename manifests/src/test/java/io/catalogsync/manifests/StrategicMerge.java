package io.catalogsync.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kubernetes strategic merge patch, for the kinds and fields these manifests patch. Maps merge recursively, a
 * {@code null} deletes a field, lists with a patch merge key (as declared in the Kubernetes API types, e.g.
 * {@code Containers []Container `patchStrategy:"merge" patchMergeKey:"name"`}) merge element by key, every other
 * list is replaced. Kinds whose list fields are not tabulated here are refused rather than patched wrongly, and
 * so are patch directives ({@code $patch}, {@code $setElementOrder}, ...), which these manifests do not use.
 */
final class StrategicMerge {

    /** Kinds whose mergeable lists are all listed in {@link #MERGE_KEYS}. */
    static final Set<String> SUPPORTED_KINDS = Set.of(
            "Deployment", "Service", "ConfigMap", "NetworkPolicy", "PodDisruptionBudget", "ServiceAccount",
            "Namespace", "Role", "RoleBinding");

    private record MergeKey(Set<String> kinds, Pattern path, String key) {
    }

    private static final String POD = "spec\\.template\\.spec";
    private static final String CONTAINER = POD + "\\.(containers|initContainers)\\[\\]";

    // k8s.io/api core/v1 types.go and apps/v1 types.go: the fields tagged patchStrategy "merge".
    private static final List<MergeKey> MERGE_KEYS = List.of(
            new MergeKey(Set.of(), Pattern.compile("metadata\\.ownerReferences"), "uid"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(POD + "\\.(containers|initContainers|ephemeralContainers)"), "name"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(POD + "\\.(volumes|imagePullSecrets)"), "name"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(POD + "\\.topologySpreadConstraints"), "topologyKey"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(POD + "\\.hostAliases"), "ip"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(CONTAINER + "\\.env"), "name"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(CONTAINER + "\\.ports"), "containerPort"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(CONTAINER + "\\.volumeMounts"), "mountPath"),
            new MergeKey(Set.of("Deployment"), Pattern.compile(CONTAINER + "\\.volumeDevices"), "devicePath"),
            new MergeKey(Set.of("Service"), Pattern.compile("spec\\.ports"), "port"));

    private StrategicMerge() {
    }

    /** Applies {@code patch} to {@code target} in place. */
    static void apply(ObjectNode target, ObjectNode patch) {
        String kind = target.path("kind").asText();
        if (!SUPPORTED_KINDS.contains(kind)) {
            throw new IllegalArgumentException("strategic merge of kind " + kind + " is not supported by this renderer");
        }
        mergeObject(kind, target, patch, "");
    }

    private static void mergeObject(String kind, ObjectNode target, ObjectNode patch, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            if (field.startsWith("$")) {
                throw new IllegalArgumentException("patch directive " + field + " at " + path + " is not supported");
            }
            String fieldPath = path.isEmpty() ? field : path + "." + field;
            JsonNode value = e.getValue();
            JsonNode current = target.get(field);
            if (value.isNull()) {
                target.remove(field);
            } else if (value.isObject() && current != null && current.isObject()) {
                mergeObject(kind, (ObjectNode) current, (ObjectNode) value, fieldPath);
            } else if (value.isArray() && current != null && current.isArray()) {
                String key = mergeKey(kind, fieldPath);
                if (key == null) {
                    target.set(field, withoutNulls(value));
                } else {
                    mergeList(kind, (ArrayNode) current, (ArrayNode) value, fieldPath, key);
                }
            } else {
                target.set(field, withoutNulls(value));
            }
        }
    }

    private static void mergeList(String kind, ArrayNode target, ArrayNode patch, String path, String key) {
        for (JsonNode element : patch) {
            if (!element.isObject() || !element.hasNonNull(key)) {
                throw new IllegalArgumentException("element of " + path + " has no merge key " + key + ": " + element);
            }
            ObjectNode match = null;
            for (JsonNode existing : target) {
                if (existing.path(key).equals(element.get(key))) {
                    match = (ObjectNode) existing;
                    break;
                }
            }
            if (match == null) {
                target.add(withoutNulls(element));
            } else {
                mergeObject(kind, match, (ObjectNode) element, path + "[]");
            }
        }
    }

    static String mergeKey(String kind, String path) {
        for (MergeKey k : MERGE_KEYS) {
            if ((k.kinds().isEmpty() || k.kinds().contains(kind)) && k.path().matcher(path).matches()) {
                return k.key();
            }
        }
        return null;
    }

    /** A patch value added where the target has nothing: nulls in it mean "absent", as in Kubernetes. */
    private static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            o.fieldNames().forEachRemaining(f -> {
                if (f.startsWith("$")) {
                    throw new IllegalArgumentException("patch directive " + f + " is not supported");
                }
            });
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    strip(e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(StrategicMerge::strip);
        }
    }
}

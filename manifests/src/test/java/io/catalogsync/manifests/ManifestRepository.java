package io.catalogsync.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the repository's {@code manifests/} folder and reads the YAML documents in it. */
final class ManifestRepository {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private ManifestRepository() {
    }

    /** One YAML document of one file (files may hold several, separated by {@code ---}). */
    record YamlDocument(Path file, int index, ObjectNode node) {
        String where() {
            return file + " (document " + (index + 1) + ")";
        }
    }

    /**
     * The project root: surefire runs in the module folder, a developer may run from the root; walk up until a
     * folder holds {@code manifests/base/kustomization.yaml}.
     */
    static Path projectRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("manifests/base/kustomization.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no manifests/base/kustomization.yaml above " + dir);
    }

    static Path manifestsDir() {
        return projectRoot().resolve("manifests");
    }

    /** Every {@code .yaml}/{@code .yml} file under {@code dir}, sorted for stable test output. */
    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one file; empty documents (a trailing {@code ---}) are skipped. */
    static List<YamlDocument> read(Path file) {
        List<YamlDocument> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            int i = 0;
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    i++;
                    continue;
                }
                if (!node.isObject()) {
                    throw new IllegalArgumentException(file + " (document " + (i + 1) + ") is not a mapping");
                }
                docs.add(new YamlDocument(file, i++, (ObjectNode) node));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return docs;
    }
}

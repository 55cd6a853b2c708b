package io.catalogsync.sync;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository, found by walking up from the working directory (the module when Maven runs). */
public final class TestPaths {

    private TestPaths() {
    }

    public static Path repoFile(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    public static Path exampleCatalog() {
        return repoFile("examples/catalog.yaml");
    }
}

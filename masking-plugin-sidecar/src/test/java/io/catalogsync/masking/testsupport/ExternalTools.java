package io.catalogsync.masking.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables the real-parts tests need. */
public final class ExternalTools {

    private ExternalTools() {
    }

    /** The first executable called {@code name} on PATH, else one of the given fallback paths. */
    public static Optional<Path> find(String name, String... fallbacks) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        for (String f : fallbacks) {
            Path candidate = Path.of(f);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

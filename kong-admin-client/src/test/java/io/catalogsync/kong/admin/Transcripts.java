package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real Kong 3.4.2 answers from shared/kong-transcripts/3.4.2 (see its README). Found through the {@code shared.dir}
 * system property the parent pom sets, else by walking up from the working directory.
 */
final class Transcripts {

    private Transcripts() {
    }

    static Path dir() {
        String prop = System.getProperty("shared.dir");
        if (prop != null) {
            Path p = Path.of(prop, "kong-transcripts", "3.4.2");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("kong-transcripts").resolve("3.4.2");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("shared/kong-transcripts/3.4.2 not found (set -Dshared.dir)");
    }

    /** Exchange {@code index} of a transcript file: {@code {note, request, response}}. */
    static JsonNode exchange(String file, int index) {
        try {
            JsonNode root = KongJson.MAPPER.readTree(Files.readAllBytes(dir().resolve(file)));
            JsonNode e = root.path("exchanges").path(index);
            if (e.isMissingNode()) {
                throw new IllegalArgumentException(file + " has no exchange " + index);
            }
            return e;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read transcript " + file, e);
        }
    }

    /** The response body of an exchange, as JSON text. */
    static String responseBody(String file, int index) {
        return exchange(file, index).path("response").path("body").toString();
    }
}

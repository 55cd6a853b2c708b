package io.catalogsync.kong.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import io.catalogsync.kong.emulator.KongTranscripts;

/**
 * Real Kong 3.4.2 answers from the test resources' {@code kong-transcripts/3.4.2} (see its README).
 */
final class Transcripts {

    private Transcripts() {
    }

    /** Exchange {@code index} of a transcript file: {@code {note, request, response}}. */
    static JsonNode exchange(String file, int index) {
        try {
            JsonNode root = KongJson.MAPPER.readTree(KongTranscripts.read("3.4.2", file));
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

package io.catalogsync.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The masking hook's Lua source, packaged into this jar at {@value #RESOURCE} from the sidecar module's single
 * copy ({@code masking-plugin-sidecar/src/main/resources/kong/masking-hook.lua}) at build time. Absent when the
 * build had no such file: then translation rejects every service with {@code masking.enabled=true}, naming why.
 */
public final class MaskingHookSource {

    public static final String RESOURCE = "/kong/masking-hook.lua";

    private MaskingHookSource() {
    }

    public static Optional<String> load() {
        try (InputStream in = MaskingHookSource.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            String lua = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return lua.isBlank() ? Optional.empty() : Optional.of(lua);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}

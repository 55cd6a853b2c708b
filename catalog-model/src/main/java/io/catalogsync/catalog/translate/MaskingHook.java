package io.catalogsync.catalog.translate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code pre-function} config that runs the masking hook (contract with the sidecar module, whose
 * {@code masking-hook.lua} is the one copy of the source):
 * <pre>
 * config.access        = [prelude, hook]
 * config.header_filter = [hook]
 * config.body_filter   = [hook]
 * </pre>
 * The hook text is passed through unchanged. The prelude is a one-line chunk that the hook reads its settings from:
 * {@code ngx.ctx.kcs_masking = { sidecar_url = "...", profile = "...", secret_ref = "{vault://...}" }} ({@code profile}
 * and {@code secret_ref} left out when unset). It runs on every request before the hook in the access phase, and
 * {@code ngx.ctx} lives for the whole request, so the filter phases see it too. Only a vault reference to the shared
 * secret is written; the hook resolves it with {@code kong.vault.get}. Values are written as escaped Lua string
 * literals, so no catalog value can break out of the prelude.
 */
final class MaskingHook {

    /** The Kong plugin that carries the hook, on each Kong Service of a masked catalog service. */
    static final String PLUGIN = "pre-function";

    private MaskingHook() {
    }

    static Map<String, Object> config(TranslateOptions options, MaskingPolicy policy) {
        String hook = options.maskingHookLua();
        Map<String, Object> c = new TreeMap<>();
        c.put("access", List.of(prelude(options, policy), hook));
        c.put("header_filter", List.of(hook));
        c.put("body_filter", List.of(hook));
        return c;
    }

    static String prelude(TranslateOptions options, MaskingPolicy policy) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sidecar_url", options.maskingUrl());
        if (policy.profile() != null) {
            fields.put("profile", policy.profile());
        }
        if (options.maskingSharedSecretVaultRef() != null) {
            fields.put("secret_ref", options.maskingSharedSecretVaultRef());
        }
        StringBuilder sb = new StringBuilder("ngx.ctx.kcs_masking = { ");
        boolean first = true;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(f.getKey()).append(" = ").append(luaString(f.getValue()));
        }
        return sb.append(" }").toString();
    }

    /** A double-quoted Lua string literal; every byte outside printable ASCII and the quote/backslash escaped. */
    static String luaString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append('\\').append(String.format("%03d", c));
            }
        }
        return sb.append('"').toString();
    }
}

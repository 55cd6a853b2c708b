package io.catalogsync.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.catalogsync.manifests.Rendered.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * What Kong's {@code proxy} container must allow for the masking hook, checked against the hook's Lua source (the
 * one the daemon ships as the {@code pre-function} plugin) and the sidecar's settings.
 */
class KongHookEnvironmentTest {

    /** The hook as the daemon packages it (sync-daemon resources, from masking-plugin-sidecar). */
    static String hookSource() throws IOException {
        try (InputStream in = KongHookEnvironmentTest.class.getResourceAsStream("/kong/masking-hook.lua")) {
            assertThat(in).as("kong/masking-hook.lua on the class path (masking-plugin-sidecar resources)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void kongRunsTheHookSandboxedWithWhatItNeeds(Target target) throws Exception {
        Rendered r = Rendered.of(target);
        JsonNode proxy = Rendered.container(r.get("Deployment", OverlayRenderTest.KONG), "proxy");
        String hook = hookSource();

        // untrusted_lua: the pre-function plugin refuses to load code when it is off (kong/tools/sandbox.lua).
        String untrusted = r.resolvedEnv(proxy, "KONG_UNTRUSTED_LUA").orElse("sandbox");
        assertThat(untrusted).isEqualTo("sandbox");

        // Every module the hook requires is allowed by untrusted_lua_sandbox_requires, and nothing more is opened.
        Set<String> required = requires(hook);
        Set<String> allowed = new TreeSet<>();
        r.resolvedEnv(proxy, "KONG_UNTRUSTED_LUA_SANDBOX_REQUIRES").ifPresent(v ->
                Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(allowed::add));
        assertThat(allowed).as("sandbox requires vs the hook's require calls").isEqualTo(required);

        // Bodies up to the sidecar's limit stay in memory: the sandboxed hook cannot read a spooled body file.
        CommandLine sidecar = new CommandLine(Class.forName("io.catalogsync.masking.SidecarMain")
                .getDeclaredConstructor().newInstance());
        long maxBody = bytes(sidecar.getCommandSpec().findOption("--max-body").defaultValue());
        String buffer = r.resolvedEnv(proxy, "KONG_NGINX_HTTP_CLIENT_BODY_BUFFER_SIZE").orElse("8k");
        assertThat(bytes(buffer)).as("client_body_buffer_size >= sidecar --max-body").isGreaterThanOrEqualTo(maxBody);
        Matcher hookMax = Pattern.compile("DEFAULT_MAX_BODY\\s*=\\s*(\\d+)").matcher(hook);
        assertThat(hookMax.find()).as("the hook declares DEFAULT_MAX_BODY").isTrue();
        assertThat(Long.parseLong(hookMax.group(1))).as("hook and sidecar agree on the body limit").isEqualTo(maxBody);
    }

    /**
     * Every Kong vault reference the daemon is told to write ({@code {vault://env/name}} in its settings) resolves in
     * Kong: its env vault reads the variable NAME (upper case, '-' to '_': kong/vaults/env/init.lua), so the proxy
     * container must have it, from a Secret. The masking secret must be the very Secret key the sidecar checks.
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void everyVaultReferenceTheDaemonWritesResolvesInKong(Target target) {
        Rendered r = Rendered.of(target);
        JsonNode daemon = Rendered.container(r.get("Deployment", OverlayRenderTest.DAEMON), OverlayRenderTest.DAEMON_CONTAINER);
        JsonNode kong = r.get("Deployment", OverlayRenderTest.KONG);
        JsonNode proxy = Rendered.container(kong, "proxy");
        Pattern envRef = Pattern.compile("\\{vault://env/([a-z0-9_-]+)}");
        Set<String> checked = new TreeSet<>();
        for (String name : r.envNames(daemon)) {
            String value = r.resolvedEnv(daemon, name).orElse("");
            if (!value.startsWith("{vault://")) {
                continue;
            }
            Matcher m = envRef.matcher(value);
            assertThat(m.matches()).as(name + "=" + value + " uses Kong's env vault (the one these manifests set up)")
                    .isTrue();
            String variable = m.group(1).toUpperCase(Locale.ROOT).replace('-', '_');
            JsonNode secret = Rendered.env(proxy, variable).at("/valueFrom/secretKeyRef");
            assertThat(secret.isMissingNode()).as(target + ": Kong's proxy container gets " + variable + " (for "
                    + name + ") from a Secret").isFalse();
            checked.add(name);
            if (name.equals("KCS_MASKING_SECRET_REF")) {
                JsonNode sidecarSecret = Rendered.env(Rendered.container(kong, OverlayRenderTest.SIDECAR_CONTAINER),
                        "KCS_MASKING_SHARED_SECRET").at("/valueFrom/secretKeyRef");
                assertThat(secret).as("hook and sidecar share one secret").isEqualTo(sidecarSecret);
            }
        }
        assertThat(checked).contains("KCS_MASKING_SECRET_REF");
        // ...and no KCS_* variable on Kong's container is there for nothing.
        proxy.path("env").forEach(e -> {
            String n = e.path("name").asText();
            if (n.startsWith("KCS_")) {
                assertThat(checked.stream().map(c -> r.resolvedEnv(daemon, c).orElse("")))
                        .as(n + " on Kong's container is the target of a vault reference the daemon writes")
                        .anyMatch(v -> v.equals("{vault://env/" + n.toLowerCase(Locale.ROOT).replace('_', '-') + "}"));
            }
        });
    }

    /**
     * Module names in {@code require "x"} / {@code require("x")}, outside whole-line comments (a trailing comment is
     * kept: cutting at "--" could cut a string such as "--account-id" and hide a require after it).
     */
    static Set<String> requires(String lua) {
        List<String> code = new ArrayList<>();
        for (String line : lua.split("\n")) {
            if (!line.trim().startsWith("--")) {
                code.add(line);
            }
        }
        Matcher m = Pattern.compile("\\brequire\\s*\\(?\\s*[\"']([A-Za-z0-9_.\\-]+)[\"']").matcher(String.join("\n", code));
        Set<String> out = new TreeSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** nginx sizes: bytes, or with a k/m suffix. */
    static long bytes(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("k")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 1024;
        }
        if (s.endsWith("m")) {
            return Long.parseLong(s.substring(0, s.length() - 1)) * 1024 * 1024;
        }
        return Long.parseLong(s);
    }
}

package io.catalogsync.masking.hook;

import io.catalogsync.masking.testsupport.NginxProcess;
import io.catalogsync.masking.testsupport.TempDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real nginx running the shipped hook the way Kong's pre-function does: each plugin instance is a prelude
 * (settings) plus the exact {@code kong/masking-hook.lua} from the module's resources, run in the access,
 * header_filter and body_filter phases of a location that proxies to a loopback upstream.
 */
final class HookNginx implements AutoCloseable {

    private final Path prefix;
    private final Path lua;
    private final StringBuilder plugins = new StringBuilder();
    private final StringBuilder locations = new StringBuilder();
    private NginxProcess nginx;
    private int port;

    HookNginx() {
        try {
            prefix = Files.createTempDirectory("kcs-nginx-");
            lua = Files.createDirectories(prefix.resolve("lua"));
            // The exact file that ships, read from the module's resources, and the pre-function emulation.
            copyResource("/kong/masking-hook.lua", lua.resolve("masking-hook.lua"));
            copyResource("/nginx/kcs_prefunction_emulator.lua", lua.resolve("kcs_prefunction_emulator.lua"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = HookNginx.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing");
            }
            Files.write(to, in.readAllBytes());
        }
    }

    /** A pre-function instance: {@code settings} is the inside of the prelude's table; mode sandbox or on. */
    HookNginx plugin(String name, String settings, String mode) {
        plugins.append("    emu.add(\"").append(name).append("\", \"").append(lua.resolve("masking-hook.lua"))
                .append("\", [[ngx.ctx.kcs_masking = { ").append(settings).append(" }]], \"").append(mode)
                .append("\")\n");
        return this;
    }

    /** {@code /path/...} runs plugin {@code plugin} and proxies to {@code 127.0.0.1:upstreamPort/...}. */
    HookNginx location(String path, String plugin, int upstreamPort, String extraDirectives) {
        String run = "require(\"kcs_prefunction_emulator\").run(\"" + plugin + "\", ";
        locations.append("    location /").append(path).append("/ {\n")
                .append("      ").append(extraDirectives).append("\n")
                .append("      access_by_lua_block { ").append(run).append("\"access\") }\n")
                .append("      header_filter_by_lua_block { ").append(run).append("\"header_filter\") }\n")
                .append("      body_filter_by_lua_block { ").append(run).append("\"body_filter\") }\n")
                .append("      proxy_pass http://127.0.0.1:").append(upstreamPort).append("/;\n")
                .append("      proxy_http_version 1.1;\n")
                .append("      proxy_set_header Connection \"\";\n")
                // as a Kong route with response_buffering = false: SSE chunks pass as they come
                .append("      proxy_buffering off;\n")
                .append("    }\n");
        return this;
    }

    HookNginx start(Path binary) {
        nginx = NginxProcess.start(binary, prefix, p -> NginxProcess.preamble(prefix)
                + "http {\n"
                + NginxProcess.httpTempPaths(prefix)
                + "  lua_package_path \"" + lua + "/?.lua;;\";\n"
                + "  client_max_body_size 4m;\n"
                + "  client_body_buffer_size 2m;\n"
                + "  init_by_lua_block {\n"
                + "    local emu = require \"kcs_prefunction_emulator\"\n"
                + plugins
                + "  }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + p + ";\n"
                + locations
                + "  }\n"
                + "}\n");
        port = nginx.port();
        return this;
    }

    int port() {
        return port;
    }

    String errorLog() {
        return nginx.errorLog();
    }

    @Override
    public void close() {
        if (nginx != null) {
            nginx.close();
        }
        TempDirs.deleteQuietly(prefix);
    }
}

package io.catalogsync.masking.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.catalogsync.masking.testsupport.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook's pure functions (token prefixes, tokens written with JSON unicode escapes, SSE events over several data: lines, carries),
 * tested directly by a real LuaJIT: {@code src/test/resources/lua/masking_hook_test.lua} loads the shipped
 * {@code kong/masking-hook.lua} and exits non-zero when a check fails. OpenResty's luajit2 is the LuaJIT Kong and
 * the nginx Lua module run; {@code .ci/run} installs it.
 */
class MaskingHookLuaUnitTest {

    @TempDir
    Path dir;

    @Test
    void hookFunctionsPassTheirLuaUnitTests() throws Exception {
        Optional<Path> luajit = ExternalTools.find("luajit", "/usr/bin/luajit", "/usr/local/bin/luajit");
        Assumptions.assumeTrue(luajit.isPresent(),
                "luajit is not installed (apt-get install luajit2): the hook's Lua unit tests need a real LuaJIT");
        Path hook = copy("/kong/masking-hook.lua", dir.resolve("masking-hook.lua"));
        Path tests = copy("/lua/masking_hook_test.lua", dir.resolve("masking_hook_test.lua"));

        Process p = new ProcessBuilder(luajit.get().toString(), tests.toString(), hook.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("luajit finished").isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("(\\d+)/\\1 checks passed");
    }

    private static Path copy(String resource, Path to) throws IOException {
        try (InputStream in = MaskingHookLuaUnitTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing");
            }
            Files.write(to, in.readAllBytes());
        }
        return to;
    }
}

package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's syntax check against the real thing. Kong's pre-function schema compiles each chunk with LuaJIT's
 * {@code loadstring} (kong/plugins/pre-function/_schema.lua); the emulator cannot depend on a LuaJIT binary (it
 * also runs standalone as scripts/kong-emulator), so it carries {@link LuaSyntax}, and this test makes a real
 * LuaJIT the oracle for it: on every snippet below and on every prefix of each (which is where syntax errors come
 * from), accept/reject must agree, and where both reject, the message must be LuaJIT's own. Skipped when
 * {@code luajit} is not installed (CI installs luajit2). Not compared, as docs/kong-emulator.md says: what only the
 * compiler checks beyond syntax, such as a {@code goto} to an undefined label.
 */
class LuaSyntaxLuaJitTest {

    private static final List<String> SNIPPETS = List.of(
            "kong.response.set_header(\"X-T\",\"1\")",
            "local cjson = require \"cjson.safe\"\nlocal body = kong.request.get_raw_body()\nngx.ctx.map = {}",
            "local t = {1, 2, x = 3, [\"y\"] = 4; 5}\nt[#t + 1] = -t[1] ^ 2 .. 'a'",
            "for k, v in pairs(ngx.ctx) do if k == nil then break end end",
            "for i = 1, 10, 2 do local x = i end",
            "repeat local n = 0x1F + 1e3 + .5 until n > 0",
            "local function f(a, ...) return a and not ... or #{...} ~= 0 end\nreturn f",
            "local ok, err = pcall(function() error('x') end) if not ok then kong.log.err(err) elseif ok then else end",
            "local a, b = (1), (f)(2)",
            "local m = obj:method{a = 1}:other'str'",
            "ngx.ctx.kcs_masking = { sidecar_url = \"http://127.0.0.1:8085\", profile = \"default\" }",
            "while x < 3 do\n  x = x + 1\nend",
            "return function()\n  local phase = ngx.get_phase()\n  if phase == \"access\" then return 1 end\nend",
            "this is not lua",
            "x = = 1",
            "local 1 = x",
            "f(a,,b)",
            "x = {a = }",
            "local s = [==[long ]] string]==] .. [[x]] -- c\n--[[ block\ncomment ]] y = 1",
            "local n = 0xff + 1e-3 + 3.5e+2 + .5",
            "local s = 'a\\tb\\\\c\\'d\\065'",
            "a.b.c = f:g(1)[2]('s'){t = 1}",
            "if a then elseif b then else end",
            "local x <const> = 1",
            "x = 1 ~ 2",
            "x = a ! b",
            "do local t = {[1]=2, f = function() end,} end");

    @TempDir
    Path dir;

    @Test
    void acceptsAndRejectsWhatLuaJitDoesWithItsMessages() throws Exception {
        Path luajit = luajit();
        List<String> corpus = new ArrayList<>();
        for (String s : SNIPPETS) {
            for (int i = 1; i <= s.length(); i++) {
                corpus.add(s.substring(0, i));
            }
        }
        List<String> real = loadstring(luajit, corpus);
        LuaSyntax lua = new LuaSyntax();
        List<String> disagreements = new ArrayList<>();
        int rejected = 0;
        for (int i = 0; i < corpus.size(); i++) {
            String want = real.get(i);
            String got = lua.check(corpus.get(i));
            if (want != null) {
                rejected++;
            }
            if (want == null ? got != null : !want.equals(got)) {
                disagreements.add("code: " + corpus.get(i).replace("\n", "\\n") + "\n  luajit:   " + want
                        + "\n  emulator: " + got);
            }
        }
        assertThat(rejected).as("the corpus has syntax errors to compare").isGreaterThan(corpus.size() / 3);
        assertThat(disagreements).as("%d of %d snippets", disagreements.size(), corpus.size()).isEmpty();
    }

    /** What LuaJIT's loadstring says about each snippet: null when it compiles, else its message. */
    private List<String> loadstring(Path luajit, List<String> corpus) throws Exception {
        Path input = dir.resolve("snippets.bin");
        StringBuilder all = new StringBuilder();
        for (String s : corpus) {
            all.append(s).append('\0');
        }
        Files.writeString(input, all, StandardCharsets.UTF_8);
        Path script = dir.resolve("loadstring.lua");
        Files.writeString(script, """
                local f = assert(io.open(arg[1], "rb"))
                local all = f:read("*a")
                f:close()
                for code in all:gmatch("([^%z]*)%z") do
                  local fn, err = loadstring(code)
                  io.write(fn and "OK" or ("ERR " .. err:gsub("\\n", "\\\\n")), "\\n")
                end
                """);
        Process p = new ProcessBuilder(luajit.toString(), script.toString(), input.toString())
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> results = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.equals("OK")) {
                results.add(null);
            } else if (line.startsWith("ERR ")) {
                results.add(line.substring(4).replace("\\n", "\n"));
            }
        }
        assertThat(results).as(out).hasSize(corpus.size());
        return results;
    }

    private static Path luajit() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                Path c = Path.of(d, "luajit");
                if (Files.isExecutable(c)) {
                    return c;
                }
            }
        }
        Assumptions.assumeTrue(false, "luajit is not installed (apt-get install luajit2): the emulator's Lua syntax "
                + "check is compared with the real LuaJIT only where one is present");
        return null;
    }
}

package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pre-function syntax check must accept real hook code and word errors as LuaJIT does. */
class LuaSyntaxTest {
  private final LuaSyntax lua = new LuaSyntax();

  @ParameterizedTest
  @ValueSource(strings = {
      "kong.response.set_header(\"X-T\",\"1\")",
      "local cjson = require \"cjson.safe\"\nlocal body = kong.request.get_raw_body()\nngx.ctx.map = {}",
      "local t = {1, 2, x = 3, [\"y\"] = 4; 5}\nt[#t + 1] = -t[1] ^ 2 .. 'a' .. [[long\nstring]]",
      "for k, v in pairs(ngx.ctx) do if k == nil then break end end",
      "for i = 1, 10, 2 do local x = i end",
      "repeat local n = 0x1F + 1e3 + .5 until n > 0",
      "local function f(a, ...) return a and not ... or #{...} ~= 0 end\nreturn f",
      "--[[ block\ncomment ]] local s = 'it\\'s'",
      "--[==[ x ]==] local m = obj:method{a = 1}:other'str'",
      "while true do goto continue ::continue:: break end",
      "local ok, err = pcall(function() error('x') end) if not ok then kong.log.err(err) elseif ok then else end",
      "return",
      "local a, b = (1), (f)(2)"})
  void acceptsValidLua(String code) {
    assertThat(lua.check(code)).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "this is not lua|[string \"this is not lua\"]:1: '=' expected near 'is'",
      "local x =|[string \"local x =\"]:1: unexpected symbol near '<eof>'",
      "if x then|[string \"if x then\"]:1: 'end' expected near '<eof>'",
      "x = (1|[string \"x = (1\"]:1: ')' expected near '<eof>'",
      "f(|[string \"f(\"]:1: unexpected symbol near '<eof>'"})
  void reportsLuaJitMessages(String code, String message) {
    assertThat(lua.check(code)).isEqualTo(message);
  }

  @org.junit.jupiter.api.Test
  void namesTheLineAndTheBlockItCloses() {
    assertThat(lua.check("while true do\n  x = 1\n")).isEqualTo(
        "[string \"while true do...\"]:3: 'end' expected (to close 'while' at line 1) near '<eof>'");
  }
}

package io.catalogsync.kong.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Lyaml} against libyaml: the emitted texts were produced by libyaml 0.2.5's emitter (PyYAML's CDumper,
 * {@code allow_unicode=True}) fed the style lyaml's {@code dump_scalar} asks for, single quotes for a string
 * lyaml would read back as another type, a literal block for one holding a line break, plain otherwise.
 */
class LyamlTest {
  static Stream<Arguments> strings() {
    return Stream.of(
        Arguments.of("3.0", "k: '3.0'\n"),
        Arguments.of("yes", "k: 'yes'\n"),
        Arguments.of("1:30", "k: '1:30'\n"),
        Arguments.of("", "k: ''\n"),
        Arguments.of("010", "k: '010'\n"),
        Arguments.of("managed-by:x", "k: managed-by:x\n"),
        Arguments.of("a: b", "k: 'a: b'\n"),
        Arguments.of(" leading", "k: ' leading'\n"),
        Arguments.of("trailing ", "k: 'trailing '\n"),
        Arguments.of("#x", "k: '#x'\n"),
        Arguments.of("x #y", "k: 'x #y'\n"),
        Arguments.of("- x", "k: '- x'\n"),
        Arguments.of("http://a.b/c?d=e", "k: http://a.b/c?d=e\n"),
        Arguments.of("line1\nline2\n", "k: |\n  line1\n  line2\n"),
        Arguments.of("line1\nline2", "k: |-\n  line1\n  line2\n"),
        Arguments.of("  indented\nx\n", "k: |2\n    indented\n  x\n"),
        Arguments.of("trailing space \nx", "k: \"trailing space \\nx\"\n"),
        Arguments.of("ünïcödé", "k: ünïcödé\n"),
        Arguments.of("it's", "k: it's\n"),
        Arguments.of("a\"b", "k: a\"b\n"),
        Arguments.of("@at", "k: '@at'\n"),
        Arguments.of("%pct", "k: '%pct'\n"),
        Arguments.of("*star", "k: '*star'\n"),
        Arguments.of("&amp", "k: '&amp'\n"),
        Arguments.of("!bang", "k: '!bang'\n"),
        Arguments.of("{x}", "k: '{x}'\n"),
        Arguments.of("[x]", "k: '[x]'\n"),
        Arguments.of("x,y", "k: x,y\n"),
        Arguments.of("? q", "k: '? q'\n"),
        Arguments.of("-", "k: '-'\n"),
        Arguments.of("~x", "k: ~x\n"),
        Arguments.of("tab\there", "k: \"tab\\there\"\n"),
        Arguments.of("return function(conf)\n\n  local x = 1\nend\n", "k: |\n  return function(conf)\n\n    local x = 1\n  end\n"),
        Arguments.of("a very long plain string that goes on and on past the eighty column limit of the emitter so that it folds at a space", "k: a very long plain string that goes on and on past the eighty column limit of the\n  emitter so that it folds at a space\n"));
  }

  @ParameterizedTest
  @MethodSource("strings")
  void aStringIsWrittenAsLyamlAndLibyamlWriteIt(String value, String libyaml) throws Exception {
    String written = Lyaml.write(Json.obj().put("k", value));
    assertThat(written).isEqualTo(libyaml);
    assertThat(Lyaml.parse(written).path("k").asText()).isEqualTo(value);
  }

  @Test
  void plainScalarsAreTypedAsLyamlTypesThem() throws Exception {
    // lyaml/implicit.lua: YAML 1.1 booleans, octal before decimal, sexagesimal, underscores; quoted stays text
    JsonNode n = Lyaml.parse("""
        a: yes
        b: Off
        c: 010
        d: 0x1F
        e: 0b101
        f: 1:30
        g: 1_000
        h: 1.5
        i: 1e3
        j: ~
        k:
        l: '3.0'
        m: 2001-12-14
        n: !!str 12
        o: 09
        """);
    assertThat(n.toString()).isEqualTo("{\"a\":true,\"b\":false,\"c\":8,\"d\":31,\"e\":5,\"f\":90,\"g\":1000,"
        + "\"h\":1.5,\"i\":1000,\"j\":null,\"k\":null,\"l\":\"3.0\",\"m\":\"2001-12-14\",\"n\":\"12\",\"o\":9}");
  }

  @Test
  void theLaterOfTwoEqualKeysWinsAndOnlyTheFirstDocumentCounts() throws Exception {
    // lyaml's load_map assigns map[key] = value; load returns documents[1]
    JsonNode n = Lyaml.parse("a: 1\nb: 2\na: 3\n---\nc: 4\n");
    assertThat(n.toString()).isEqualTo("{\"a\":3,\"b\":2}");
  }

  @Test
  void aConfigLargerThanSnakeYamlsDefaultLimitIsRead() throws Exception {
    // SnakeYAML stops at 3 MiB by default; a DB-less config of 10,000 services is ~45 M characters
    ObjectNode doc = Json.obj().put("_format_version", "3.0");
    ArrayNode services = doc.putArray("services");
    for (int i = 0; i < 40_000; i++) {
      services.addObject().put("name", "service-" + i).put("host", "service-" + i + ".internal").put("port", 8080)
          .putArray("tags").add("managed-by:x").add("catalog-service:service-" + i);
    }
    String yaml = Lyaml.write(doc);
    assertThat(yaml.length()).isGreaterThan(4 * 1024 * 1024);
    // compared as text: the parser's integers are longs, the generator's ints (and the tree is too big to print)
    assertThat(Lyaml.parse(yaml).toString().equals(doc.toString())).isTrue();
  }

  @Test
  void generatedTreesSurviveAWriteAndARead() throws Exception {
    // strings built from the characters that make YAML styles change: every one must come back as written
    String alphabet = "ab :#-?,[]{}&*!|>'\"%@`~\n\t 0123456789.eExyn";
    Random random = new Random(13);
    for (int round = 0; round < 300; round++) {
      ObjectNode doc = Json.obj();
      for (int f = 0; f < 5; f++) {
        StringBuilder sb = new StringBuilder();
        int len = random.nextInt(12);
        for (int c = 0; c < len; c++) {
          sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        doc.put("f" + f, sb.toString());
        doc.putArray("l" + f).add(sb.toString()).add(random.nextInt()).add(random.nextBoolean()).addNull();
      }
      String yaml = Lyaml.write(doc);
      assertThat(Lyaml.parse(yaml).toString()).as(yaml).isEqualTo(doc.toString());
    }
  }
}

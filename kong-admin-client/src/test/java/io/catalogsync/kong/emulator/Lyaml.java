package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ImplicitTuple;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * YAML as Kong reads and writes it, on SnakeYAML's parser and emitter. Kong parses a declarative config with
 * lyaml ({@code pcall(lyaml.load, contents)} in {@code kong/db/declarative/parse.lua}), the Lua binding of
 * libyaml; SnakeYAML is a port of the same state machine (via PyYAML), so it accepts and rejects the same
 * documents and delivers the same event stream. What is lyaml's own, and kept here, is small:
 *
 * <ul>
 *   <li>how a plain scalar is typed ({@link #implicit}, lyaml's {@code lyaml/implicit.lua}: YAML 1.1 style
 *       nulls, booleans incl. yes/no/on/off, octal {@code 010}, sexagesimal {@code 1:30}; no timestamps);
 *   <li>duplicate keys: the later value wins silently ({@code map[key] = value} in lyaml's {@code load_map});
 *       only the first document of a stream counts; {@code <<} merge keys fill absent keys;
 *   <li>the error text, {@code LINE:COLUMN: problem}: lyaml's {@code parse} strips libyaml's
 *       {@code " at document: ..."} suffix (so libyaml's context and problem mark are lost) and prefixes the
 *       1-based start of the <em>last event it received</em>, not where libyaml found the problem. Recorded:
 *       {@code services: [unclosed} answers {@code 1:12: did not find expected ',' or ']'}, 1:12 being the
 *       scalar {@code unclosed} (kong-transcripts/3.4.2 and 3.9.3 dbless-config.json, "invalid YAML syntax").
 * </ul>
 *
 * <p>SnakeYAML words its problems as PyYAML does; {@link #LIBYAML_WORDING} maps them to libyaml's wording for
 * the cases a declarative config hits in practice: unclosed flow collections, bad indentation in block mappings
 * and sequences, trailing content after the document, missing node content, {@code :} / {@code -} / {@code ?}
 * where they are not allowed, tabs and other characters that cannot start a token, a simple key without its
 * {@code :}, unterminated quoted scalars, unknown escapes, undefined tag handles, control characters, and
 * lyaml's own {@code invalid reference: NAME} for an undefined alias. NOT covered (SnakeYAML's text passes
 * through unchanged): directive, tag-URI and block-scalar-header errors, anchor/alias name errors,
 * escape-sequence digit errors, and lyaml's errors for invalid explicitly tagged values ({@code !!int x}).
 *
 * <p>The writer emits what lyaml's {@code dump} gives for {@code GET /config}: block style, two-space
 * indentation, indentless sequences under mapping keys, {@code ~} for null, a string single-quoted when lyaml
 * would read it back as something else ({@code '3.0'}), a literal block for multi-line strings; SnakeYAML's
 * emitter then falls back from plain to quoted styles exactly where libyaml's emitter does.
 */
final class Lyaml {
  /** A YAML error worded as Kong reports it: {@code LINE:COLUMN: problem}. */
  static final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;

    YamlException(int line, int column, String problem) {
      super(line + ":" + column + ": " + problem);
    }
  }

  /** SnakeYAML (PyYAML) problem, optionally qualified by its context, and libyaml's words for it. */
  private record Wording(String context, String snakeProblem, String libyaml) {}

  /** libyaml's messages are in its {@code src/scanner.c}, {@code src/parser.c} and {@code src/reader.c}. */
  private static final List<Wording> LIBYAML_WORDING = List.of(
      new Wording(null, "expected ',' or ']'", "did not find expected ',' or ']'"),
      new Wording(null, "expected ',' or '}'", "did not find expected ',' or '}'"),
      new Wording("while parsing a block mapping", "expected <block end>", "did not find expected key"),
      new Wording("while parsing a block collection", "expected <block end>", "did not find expected '-' indicator"),
      new Wording(null, "expected '<document start>'", "did not find expected <document start>"),
      new Wording(null, "expected the node content", "did not find expected node content"),
      new Wording(null, "mapping values are not allowed", "mapping values are not allowed in this context"),
      new Wording(null, "sequence entries are not allowed", "block sequence entries are not allowed in this context"),
      new Wording(null, "mapping keys are not allowed", "mapping keys are not allowed in this context"),
      new Wording(null, "found character", "found character that cannot start any token"),
      new Wording(null, "could not find expected ':'", "could not find expected ':'"),
      new Wording(null, "found unexpected end of stream", "found unexpected end of stream"),
      new Wording(null, "found unexpected document separator", "found unexpected document indicator"),
      new Wording(null, "found unknown escape character", "found unknown escape character"),
      new Wording(null, "found undefined tag handle", "found undefined tag handle"));

  /** YAML_RAW_BUFFER_SIZE in libyaml's yaml_private.h (counted here in characters, not bytes). */
  private static final int LIBYAML_RAW_BUFFER = 16384;

  private static final String TAG_PREFIX = "tag:yaml.org,2002:";

  private final boolean raw;
  private final Map<String, JsonNode> anchors = new HashMap<>();

  private Lyaml(boolean raw) {
    this.raw = raw;
  }

  /** Parses the first document of {@code text} into typed JSON values, as lyaml.load does. */
  static JsonNode parse(String text) throws YamlException {
    return new Lyaml(false).load(text);
  }

  /**
   * Parses keeping each scalar's presentation: plain scalars as their text (numbers stay text), quoted ones
   * with their quotes, literal blocks as {@code |} and their content. Two documents compared this way differ
   * when their quoting differs, which is what a {@code GET /config} replay must catch.
   */
  static JsonNode parseRaw(String text) throws YamlException {
    return new Lyaml(true).load(text);
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    // SnakeYAML refuses documents over 3 MiB by default; a DB-less config of 10,000 services is ~45 M
    // characters and Kong reads it (its own limit is nginx's client_max_body_size)
    o.setCodePointLimit(Integer.MAX_VALUE);
    return o;
  }

  /** A collection being filled: the node, and for a mapping the key whose value comes next. */
  private static final class Open {
    final JsonNode node;
    final String anchor;
    String key;

    Open(JsonNode node, String anchor) {
      this.node = node;
      this.anchor = anchor;
    }
  }

  private JsonNode load(String text) throws YamlException {
    Parser parser = new ParserImpl(new StreamReader(text), loaderOptions());
    Mark last = null;
    Deque<Open> open = new ArrayDeque<>();
    JsonNode first = null;
    boolean haveFirst = false;
    try {
      while (true) {
        Event e = parser.getEvent();
        last = e.getStartMark();
        if (e instanceof StreamEndEvent) {
          break;
        }
        if (e instanceof DocumentEndEvent) {
          anchors.clear(); // lyaml resets the anchor table per document
          continue;
        }
        if (e instanceof StreamStartEvent || e instanceof DocumentStartEvent) {
          continue;
        }
        JsonNode done;
        if (e instanceof MappingStartEvent m) {
          open.push(new Open(Json.obj(), m.getAnchor()));
          continue;
        } else if (e instanceof SequenceStartEvent s) {
          open.push(new Open(Json.arr(), s.getAnchor()));
          continue;
        } else if (e instanceof MappingEndEvent || e instanceof SequenceEndEvent) {
          Open o = open.pop();
          done = o.node;
          remember(o.anchor, done);
        } else if (e instanceof ScalarEvent s) {
          done = scalar(s);
          remember(s.getAnchor(), done);
        } else if (e instanceof AliasEvent a) {
          done = anchors.get(a.getAnchor());
          if (done == null) {
            throw new YamlException(line(last), column(last), "invalid reference: " + a.getAnchor());
          }
        } else {
          continue;
        }
        if (open.isEmpty()) {
          if (!haveFirst) {
            first = done;
            haveFirst = true;
          }
        } else {
          add(open.peek(), done);
        }
      }
    } catch (MarkedYAMLException e) {
      throw new YamlException(line(last), column(last), libyamlWording(e.getContext(), e.getProblem()));
    } catch (ReaderException e) {
      // libyaml decodes its input a raw buffer (16 KiB) at a time, checking every character, and fills the
      // first buffer before its first event: a bad character there is reported at lyaml's initial 0:0
      Mark at = e.getPosition() < LIBYAML_RAW_BUFFER ? null : last;
      throw new YamlException(line(at), column(at), "control characters are not allowed");
    }
    return haveFirst ? first : null;
  }

  /** lyaml reports the start of the last event it received; before the first one, 0:0. */
  private static int line(Mark m) {
    return m == null ? 0 : m.getLine() + 1;
  }

  private static int column(Mark m) {
    return m == null ? 0 : m.getColumn() + 1;
  }

  static String libyamlWording(String context, String problem) {
    String p = problem == null ? "" : problem;
    for (Wording w : LIBYAML_WORDING) {
      if (p.startsWith(w.snakeProblem()) && (w.context() == null || w.context().equals(context))) {
        return w.libyaml();
      }
    }
    return p;
  }

  private void remember(String anchor, JsonNode node) {
    if (anchor != null) {
      anchors.put(anchor, node);
    }
  }

  private static void add(Open parent, JsonNode value) {
    if (parent.node instanceof ArrayNode a) {
      a.add(value);
      return;
    }
    ObjectNode map = (ObjectNode) parent.node;
    if (parent.key == null) {
      // Lua keys may be any value; JSON keys are text
      parent.key = value.isValueNode() ? value.asText() : value.toString();
      return;
    }
    String key = parent.key;
    parent.key = null;
    if (key.equals("<<") && (value.isObject() || value.isArray())) {
      // merge key: fills the keys not set yet (lyaml load_map)
      for (JsonNode m : value.isObject() ? List.of(value) : (Iterable<JsonNode>) value) {
        m.fields().forEachRemaining(f -> {
          if (!map.has(f.getKey())) {
            map.set(f.getKey(), f.getValue());
          }
        });
      }
      return;
    }
    map.set(key, value); // a duplicate key: the later value wins, as in a Lua table
  }

  private JsonNode scalar(ScalarEvent s) {
    String v = s.getValue();
    DumperOptions.ScalarStyle style = s.getScalarStyle();
    if (raw) {
      switch (style) {
        case SINGLE_QUOTED:
          return TextNode.valueOf("'" + v.replace("'", "''") + "'");
        case DOUBLE_QUOTED:
          return TextNode.valueOf("\"" + v + "\"");
        case LITERAL:
        case FOLDED:
          // the recorder's YAML normalisation drops blank lines, those inside block scalars included
          // (3.9.3-daemon/daemon-dbless.json GET /config against the hook source the daemon sent)
          return TextNode.valueOf(style.getChar() + "\n" + v.replaceAll("\n\n+", "\n"));
        default:
          return TextNode.valueOf(v);
      }
    }
    String tag = s.getTag();
    if ((TAG_PREFIX + "str").equals(tag)) {
      return TextNode.valueOf(v);
    }
    boolean typed = tag != null && tag.startsWith(TAG_PREFIX);
    return typed || s.isPlain() ? implicit(v) : TextNode.valueOf(v);
  }

  private static final Pattern OCTAL = Pattern.compile("([+-]?)0_*([0-7][0-7_]*)");
  private static final Pattern DECIMAL = Pattern.compile("([+-]?)_*([0-9][0-9_]*)");
  private static final Pattern LUA_FLOAT = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern HEX = Pattern.compile("([+-]?)0x_*([0-9a-fA-F][0-9a-fA-F_]*)");
  private static final Pattern BINARY = Pattern.compile("([+-]?)0b_*([01][01_]+)");
  private static final Pattern SEXAGESIMAL = Pattern.compile("([+-]?)([0-9]+:[0-5]?[0-9][:0-9]*)(\\.[0-9]+)?");

  /**
   * A plain scalar's value, in lyaml's order (lyaml/init.lua {@code default.implicit_scalar}): null, octal,
   * decimal, float, bool, inf, nan, hexadecimal, binary, sexagesimal, sexagesimal float, else the string.
   * Lua has one number type: an integral value becomes a JSON integer.
   */
  static JsonNode implicit(String v) {
    switch (v) {
      case "", "~", "null", "Null", "NULL" -> {
        return NullNode.getInstance();
      }
      case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON" -> {
        return Json.F.booleanNode(true);
      }
      case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF" -> {
        return Json.F.booleanNode(false);
      }
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
        return Json.F.numberNode(Double.POSITIVE_INFINITY);
      }
      case "-.inf", "-.Inf", "-.INF" -> {
        return Json.F.numberNode(Double.NEGATIVE_INFINITY);
      }
      case ".nan", ".NaN", ".NAN" -> {
        return Json.F.numberNode(Double.NaN);
      }
      default -> {
      }
    }
    Matcher m = OCTAL.matcher(v);
    if (m.matches()) {
      return integer(m.group(1), m.group(2), 8);
    }
    m = DECIMAL.matcher(v);
    if (m.matches()) {
      String digits = m.group(2).replace("_", "");
      if (digits.equals("0") || digits.length() > 1 || digits.charAt(0) != '0') {
        return integer(m.group(1), digits, 10);
      }
    }
    String noUnderscore = v.replace("_", "");
    if (LUA_FLOAT.matcher(noUnderscore).matches() && v.matches(".*[.eE].*")) {
      return number(Double.parseDouble(noUnderscore));
    }
    m = HEX.matcher(v);
    if (m.matches()) {
      return integer(m.group(1), m.group(2), 16);
    }
    m = BINARY.matcher(v);
    if (m.matches()) {
      return integer(m.group(1), m.group(2), 2);
    }
    m = SEXAGESIMAL.matcher(v);
    if (m.matches()) {
      double r = 0;
      for (String part : m.group(2).split(":")) {
        r = r * 60 + (part.isEmpty() ? 0 : Double.parseDouble(part));
      }
      if (m.group(3) != null) {
        r += Double.parseDouble(m.group(3));
      }
      return number(m.group(1).equals("-") ? -r : r);
    }
    return TextNode.valueOf(v);
  }

  private static JsonNode integer(String sign, String digits, int radix) {
    double r = new java.math.BigInteger(digits.replace("_", ""), radix).doubleValue();
    return number(sign.equals("-") ? -r : r);
  }

  private static JsonNode number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
      return Json.F.numberNode((long) d);
    }
    return Json.F.numberNode(d);
  }

  // ---------------------------------------------------------------- writer

  /** The YAML lyaml.dump gives for a JSON tree (GET /config). */
  static String write(JsonNode n) {
    DumperOptions o = new DumperOptions();
    o.setIndent(2); // libyaml's defaults: indent 2, best width 80, unicode as is
    o.setWidth(80);
    o.setAllowUnicode(true);
    StringWriter out = new StringWriter();
    Emitter emitter = new Emitter(out, o);
    try {
      emitter.emit(new StreamStartEvent(null, null));
      emitter.emit(new DocumentStartEvent(null, null, false, null, null));
      emitNode(emitter, n);
      emitter.emit(new DocumentEndEvent(null, null, false));
      emitter.emit(new StreamEndEvent(null, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static final ImplicitTuple UNTAGGED = new ImplicitTuple(true, true);

  private static void emitNode(Emitter emitter, JsonNode n) throws IOException {
    if (n == null || n.isNull() || n.isMissingNode()) {
      emitter.emit(new ScalarEvent(null, null, UNTAGGED, "~", null, null, DumperOptions.ScalarStyle.PLAIN));
    } else if (n.isObject()) {
      emitter.emit(new MappingStartEvent(null, null, true, null, null, DumperOptions.FlowStyle.BLOCK));
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        emitString(emitter, f.getKey());
        emitNode(emitter, f.getValue());
      }
      emitter.emit(new MappingEndEvent(null, null));
    } else if (n.isArray()) {
      emitter.emit(new SequenceStartEvent(null, null, true, null, null, DumperOptions.FlowStyle.BLOCK));
      for (JsonNode v : n) {
        emitNode(emitter, v);
      }
      emitter.emit(new SequenceEndEvent(null, null));
    } else if (n.isTextual()) {
      emitString(emitter, n.asText());
    } else if (n.isNumber()) {
      emitPlain(emitter, luaNumber(n));
    } else {
      emitPlain(emitter, n.asText());
    }
  }

  private static void emitPlain(Emitter emitter, String text) throws IOException {
    emitter.emit(new ScalarEvent(null, null, UNTAGGED, text, null, null, DumperOptions.ScalarStyle.PLAIN));
  }

  /** lyaml dump_scalar: quote what would read back as another type, literal block for line breaks. */
  private static void emitString(Emitter emitter, String s) throws IOException {
    DumperOptions.ScalarStyle style = DumperOptions.ScalarStyle.PLAIN;
    if (!implicit(s).isTextual()) {
      style = DumperOptions.ScalarStyle.SINGLE_QUOTED;
    } else if (s.indexOf('\n') >= 0) {
      style = DumperOptions.ScalarStyle.LITERAL;
    }
    emitter.emit(new ScalarEvent(null, null, UNTAGGED, s, null, null, style));
  }

  /** Lua's tostring for a number ({@code %.14g}); integers print without a fraction. */
  static String luaNumber(JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return Long.toString(n.asLong());
    }
    double d = n.asDouble();
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    BigDecimal b = new BigDecimal(d).round(new MathContext(14)).stripTrailingZeros();
    int exp = b.precision() - b.scale() - 1;
    if (exp >= -4 && exp < 14) {
      return b.toPlainString();
    }
    String mantissa = b.movePointLeft(exp).toPlainString();
    return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }
}

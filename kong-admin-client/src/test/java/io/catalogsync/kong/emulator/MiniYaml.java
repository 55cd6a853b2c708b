package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The YAML that declarative configs use: block mappings and sequences, one-line flow collections,
 * plain, single- and double-quoted scalars, comments. Errors are reported as libyaml (through
 * lyaml, which Kong uses) words them, {@code LINE:COLUMN: problem}. In raw mode scalars keep their
 * source text, so that two documents can be compared line for line.
 *
 * <p>The writer produces what lyaml's dump gives for {@code GET /config}: block style, two-space
 * indentation, {@code ~} for null, single quotes where a plain scalar would be misread.
 */
public final class MiniYaml {
  /** A YAML syntax error with libyaml's 1-based position. */
  public static final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;

    YamlException(int line, int col, String problem) {
      super(line + ":" + col + ": " + problem);
    }
  }

  private record Line(int number, int indent, String text) {}

  private final List<Line> lines = new ArrayList<>();
  /** The source lines as they are, for block scalars (whose content is neither comment nor structure). */
  private final String[] source;
  private final boolean raw;
  private int pos;

  private MiniYaml(String text, boolean raw) {
    this.raw = raw;
    String[] src = text.split("\n", -1);
    this.source = src;
    for (int i = 0; i < src.length; i++) {
      String l = stripComment(src[i].replace("\r", ""));
      if (l.isBlank() || l.trim().equals("---") || l.trim().equals("...")) {
        continue;
      }
      int ind = 0;
      while (ind < l.length() && l.charAt(ind) == ' ') {
        ind++;
      }
      lines.add(new Line(i + 1, ind, l.substring(ind).stripTrailing()));
    }
  }

  /** Parses a document into JSON values (typed scalars). */
  public static JsonNode parse(String text) throws YamlException {
    return new MiniYaml(text, false).document();
  }

  /** Parses a document keeping every scalar's source text (quotes included). */
  public static JsonNode parseRaw(String text) throws YamlException {
    return new MiniYaml(text, true).document();
  }

  private JsonNode document() throws YamlException {
    if (lines.isEmpty()) {
      return NullNode.getInstance();
    }
    JsonNode n = block(lines.get(0).indent());
    if (pos < lines.size()) {
      Line l = lines.get(pos);
      throw new YamlException(l.number(), l.indent() + 1, "did not find expected <document start>");
    }
    return n;
  }

  private JsonNode block(int indent) throws YamlException {
    Line first = lines.get(pos);
    if (first.text().equals("-") || first.text().startsWith("- ")) {
      return sequence(first.indent());
    }
    if (splitKey(first.text()) != null) {
      return mapping(first.indent());
    }
    pos++;
    return scalarOrFlow(first.text(), first.number(), first.indent() + 1);
  }

  private ArrayNode sequence(int indent) throws YamlException {
    ArrayNode out = Json.arr();
    while (pos < lines.size()) {
      Line l = lines.get(pos);
      if (l.indent() != indent || !(l.text().equals("-") || l.text().startsWith("- "))) {
        break;
      }
      String rest = l.text().length() > 1 ? l.text().substring(2) : "";
      int restCol = indent + 2;
      String trimmed = rest.stripLeading();
      restCol += rest.length() - trimmed.length();
      if (trimmed.isEmpty()) {
        pos++;
        out.add(pos < lines.size() && lines.get(pos).indent() > indent ? block(lines.get(pos).indent()) : NullNode.getInstance());
      } else if (splitKey(trimmed) != null || trimmed.startsWith("- ")) {
        // "- key: value" opens a mapping whose entries sit at the column of "key"
        lines.set(pos, new Line(l.number(), restCol, trimmed));
        out.add(block(restCol));
      } else if (isBlockIndicator(trimmed)) {
        out.add(blockScalar(trimmed, l.number(), indent));
      } else {
        pos++;
        out.add(scalarOrFlow(trimmed, l.number(), restCol + 1));
      }
    }
    return out;
  }

  private static boolean isBlockIndicator(String text) {
    return text.equals("|") || text.equals("|-") || text.equals("|+");
  }

  /**
   * A literal block scalar ({@code |}, {@code |-}, {@code |+}) whose indicator is on source line {@code number}
   * and whose parent sits at column {@code parentIndent}: the following lines indented deeper (blank ones
   * included) are its content, kept verbatim. lyaml writes multi-line strings this way (a pre-function's Lua
   * code in GET /config).
   */
  private JsonNode blockScalar(String indicator, int number, int parentIndent) {
    int i = number; // 0-based index of the line after the indicator
    int contentIndent = -1;
    List<String> content = new ArrayList<>();
    int last = number;
    while (i < source.length) {
      String l = source[i].replace("\r", "");
      if (l.isBlank()) {
        content.add("");
        i++;
        continue;
      }
      int ind = 0;
      while (ind < l.length() && l.charAt(ind) == ' ') {
        ind++;
      }
      if (ind <= parentIndent) {
        break;
      }
      if (contentIndent < 0) {
        contentIndent = ind;
      }
      if (ind < contentIndent) {
        break;
      }
      content.add(l.substring(contentIndent));
      last = i + 1;
      i++;
    }
    while (content.size() > last - number) {
      content.remove(content.size() - 1); // blank lines after the content belong to what follows
    }
    while (pos < lines.size() && lines.get(pos).number() <= last) {
      pos++;
    }
    String body = String.join("\n", content);
    if (indicator.equals("|")) {
      body = body.replaceAll("\n+$", "") + "\n";
    } else if (indicator.equals("|-")) {
      body = body.replaceAll("\n+$", "");
    } else {
      body = body + "\n";
    }
    if (raw) {
      // the recorder's YAML normalisation drops blank lines, those inside block scalars included
      // (3.9.3-daemon/daemon-dbless.json GET /config against the hook source the daemon sent)
      return TextNode.valueOf(indicator + "\n" + body.replaceAll("\n\n+", "\n"));
    }
    return TextNode.valueOf(body);
  }

  private ObjectNode mapping(int indent) throws YamlException {
    ObjectNode out = Json.obj();
    while (pos < lines.size()) {
      Line l = lines.get(pos);
      if (l.indent() != indent) {
        if (l.indent() > indent) {
          throw new YamlException(l.number(), l.indent() + 1, "mapping values are not allowed in this context");
        }
        break;
      }
      String[] kv = splitKey(l.text());
      if (kv == null) {
        throw new YamlException(l.number(), l.indent() + 1, "could not find expected ':'");
      }
      String key = unquoteKey(kv[0]);
      pos++;
      String value = kv[1];
      if (value.isEmpty()) {
        if (pos < lines.size() && (lines.get(pos).indent() > indent || lines.get(pos).indent() == indent
            && (lines.get(pos).text().startsWith("- ") || lines.get(pos).text().equals("-")))) {
          out.set(key, block(lines.get(pos).indent()));
        } else {
          out.set(key, raw ? TextNode.valueOf("") : NullNode.getInstance());
        }
      } else if (isBlockIndicator(value)) {
        out.set(key, blockScalar(value, l.number(), indent));
      } else {
        int col = indent + l.text().indexOf(value, kv[0].length() + 1) + 1;
        out.set(key, scalarOrFlow(value, l.number(), col));
      }
    }
    return out;
  }

  /** Splits {@code key: value} at the first ": " (or trailing ':') outside quotes and brackets. */
  private static String[] splitKey(String text) {
    char q = 0;
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (q != 0) {
        if (c == q) {
          q = 0;
        }
        continue;
      }
      if ((c == '"' || c == '\'') && i == 0) {
        q = c;
      } else if (c == '[' || c == '{') {
        if (i == 0) {
          return null;
        }
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
      } else if (c == ':' && depth == 0 && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
        return new String[] {text.substring(0, i).trim(), i + 1 < text.length() ? text.substring(i + 1).trim() : ""};
      }
    }
    return null;
  }

  private String unquoteKey(String k) throws YamlException {
    if (k.startsWith("\"") || k.startsWith("'")) {
      return new Flow(k, 0, 1).quoted();
    }
    return k;
  }

  private JsonNode scalarOrFlow(String text, int line, int col) throws YamlException {
    if (text.startsWith("[") || text.startsWith("{")) {
      Flow f = new Flow(text, line, col);
      JsonNode n = f.value();
      f.skipSpaces();
      if (f.i < text.length()) {
        throw new YamlException(line, col + f.i, "did not find expected <document start>");
      }
      return n;
    }
    if (text.startsWith("\"") || text.startsWith("'")) {
      if (raw) {
        return TextNode.valueOf(text);
      }
      Flow f = new Flow(text, line, col);
      return TextNode.valueOf(f.quoted());
    }
    return plain(text);
  }

  private JsonNode plain(String s) {
    if (raw) {
      return TextNode.valueOf(s);
    }
    switch (s) {
      case "~", "null", "Null", "NULL", "" -> {
        return NullNode.getInstance();
      }
      case "true", "True", "TRUE" -> {
        return Json.F.booleanNode(true);
      }
      case "false", "False", "FALSE" -> {
        return Json.F.booleanNode(false);
      }
      default -> {
      }
    }
    if (s.matches("[-+]?[0-9]+")) {
      try {
        return Json.F.numberNode(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
      } catch (NumberFormatException e) {
        return TextNode.valueOf(s);
      }
    }
    if (s.matches("0x[0-9a-fA-F]+")) {
      return Json.F.numberNode(Long.parseLong(s.substring(2), 16));
    }
    if (s.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")) {
      return Json.F.numberNode(Double.parseDouble(s));
    }
    return TextNode.valueOf(s);
  }

  /** A one-line flow collection or quoted scalar. */
  private final class Flow {
    private final String s;
    private final int line;
    private final int col;
    private int i;

    Flow(String s, int line, int col) {
      this.s = s;
      this.line = line;
      this.col = col;
    }

    void skipSpaces() {
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
    }

    JsonNode value() throws YamlException {
      skipSpaces();
      if (i >= s.length()) {
        return NullNode.getInstance();
      }
      char c = s.charAt(i);
      if (c == '[') {
        i++;
        ArrayNode out = Json.arr();
        skipSpaces();
        if (i < s.length() && s.charAt(i) == ']') {
          i++;
          return out;
        }
        while (true) {
          int entryCol = col + i;
          skipSpaces();
          entryCol = col + i;
          out.add(value());
          skipSpaces();
          if (i < s.length() && s.charAt(i) == ',') {
            i++;
            continue;
          }
          if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return out;
          }
          throw new YamlException(line, entryCol, "did not find expected ',' or ']'");
        }
      }
      if (c == '{') {
        i++;
        ObjectNode out = Json.obj();
        skipSpaces();
        if (i < s.length() && s.charAt(i) == '}') {
          i++;
          return out;
        }
        while (true) {
          skipSpaces();
          int entryCol = col + i;
          JsonNode k = value();
          skipSpaces();
          JsonNode v = NullNode.getInstance();
          if (i < s.length() && s.charAt(i) == ':') {
            i++;
            v = value();
          }
          out.set(k.asText(), v);
          skipSpaces();
          if (i < s.length() && s.charAt(i) == ',') {
            i++;
            continue;
          }
          if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return out;
          }
          throw new YamlException(line, entryCol, "did not find expected ',' or '}'");
        }
      }
      if (c == '"' || c == '\'') {
        int start = i;
        String text = quoted();
        return raw ? TextNode.valueOf(s.substring(start, i)) : TextNode.valueOf(text);
      }
      int start = i;
      while (i < s.length() && ",]}".indexOf(s.charAt(i)) < 0
          && !(s.charAt(i) == ':' && (i + 1 == s.length() || s.charAt(i + 1) == ' '))) {
        i++;
      }
      return plain(s.substring(start, i).trim());
    }

    String quoted() throws YamlException {
      char q = s.charAt(i);
      int start = i;
      i++;
      StringBuilder sb = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i);
        if (q == '\'' && c == '\'') {
          if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
            sb.append('\'');
            i += 2;
            continue;
          }
          i++;
          return sb.toString();
        }
        if (q == '"' && c == '"') {
          i++;
          return sb.toString();
        }
        if (q == '"' && c == '\\' && i + 1 < s.length()) {
          char e = s.charAt(++i);
          switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case '0' -> sb.append('\0');
            case 'u' -> {
              sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
              i += 4;
            }
            default -> sb.append(e);
          }
          i++;
          continue;
        }
        sb.append(c);
        i++;
      }
      throw new YamlException(line, col + start, "found unexpected end of stream");
    }
  }

  private static String stripComment(String l) {
    char q = 0;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (q != 0) {
        if (c == q) {
          q = 0;
        }
      } else if (c == '"' || c == '\'') {
        if (i == 0 || " [{,:-".indexOf(l.charAt(i - 1)) >= 0) {
          q = c;
        }
      } else if (c == '#' && (i == 0 || l.charAt(i - 1) == ' ')) {
        return l.substring(0, i);
      }
    }
    return l;
  }

  // ---------------------------------------------------------------- writer

  /** lyaml-style block YAML for a JSON tree. */
  public static String write(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    if (n.isObject()) {
      writeMap(sb, n, "");
    } else if (n.isArray()) {
      writeSeq(sb, n, "");
    } else {
      sb.append(scalar(n)).append('\n');
    }
    return sb.toString();
  }

  private static void writeMap(StringBuilder sb, JsonNode n, String indent) {
    Iterator<String> it = n.fieldNames();
    boolean first = true;
    while (it.hasNext()) {
      String k = it.next();
      if (!first || !indent.endsWith("- ")) {
        sb.append(first ? indent : indent.replace("- ", "  "));
      }
      first = false;
      JsonNode v = n.get(k);
      sb.append(scalar(TextNode.valueOf(k))).append(':');
      String childIndent = indent.replace("- ", "  ");
      if (v.isObject() && !v.isEmpty()) {
        sb.append('\n');
        writeMap(sb, v, childIndent + "  ");
      } else if (v.isArray() && !v.isEmpty()) {
        sb.append('\n');
        writeSeq(sb, v, childIndent);
      } else if (isMultiLine(v)) {
        sb.append(' ').append(literal(v.asText(), childIndent + "  "));
      } else {
        sb.append(' ').append(scalar(v)).append('\n');
      }
    }
  }

  /** lyaml writes a string holding line breaks as a literal block (recorded GET /config, 3.9.3-daemon). */
  private static boolean isMultiLine(JsonNode v) {
    return v.isTextual() && v.asText().contains("\n") && !v.asText().contains("\r")
        && !v.asText().contains(" \n") && !v.asText().startsWith(" ");
  }

  private static String literal(String s, String indent) {
    String chomp = s.endsWith("\n\n") ? "+" : s.endsWith("\n") ? "" : "-";
    String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    StringBuilder sb = new StringBuilder("|").append(chomp).append('\n');
    for (String line : body.split("\n", -1)) {
      sb.append(line.isEmpty() ? "" : indent + line).append('\n');
    }
    return sb.toString();
  }

  private static void writeSeq(StringBuilder sb, JsonNode n, String indent) {
    for (JsonNode v : n) {
      if (v.isObject() && !v.isEmpty()) {
        sb.append(indent).append("- ");
        writeMap(sb, v, indent + "- ");
      } else if (v.isArray() && !v.isEmpty()) {
        sb.append(indent).append("-\n");
        writeSeq(sb, v, indent + "  ");
      } else if (isMultiLine(v)) {
        sb.append(indent).append("- ").append(literal(v.asText(), indent + "  "));
      } else {
        sb.append(indent).append("- ").append(scalar(v)).append('\n');
      }
    }
  }

  private static String scalar(JsonNode v) {
    if (v == null || v.isNull()) {
      return "~";
    }
    if (v.isArray()) {
      return "[]";
    }
    if (v.isObject()) {
      return "{}";
    }
    if (!v.isTextual()) {
      return v.asText();
    }
    String s = v.asText();
    boolean quote = s.isEmpty() || s.matches("(?i)~|null|true|false|yes|no|on|off")
        || s.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?") || s.matches("0x[0-9a-fA-F]+")
        || "-?:,[]{}#&*!|>'\"%@` ".indexOf(s.charAt(0)) >= 0 || s.contains(": ") || s.contains(" #")
        || s.endsWith(" ") || s.endsWith(":") || s.contains("\n");
    if (!quote) {
      return s;
    }
    if (s.contains("\n")) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
    return "'" + s.replace("'", "''") + "'";
  }
}

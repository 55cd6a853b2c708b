package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares a recorded Kong response with the emulator's, binding the recorder's placeholders
 * ({@code <uuid:KIND:N>}, {@code <offset:N>}, {@code <hash:N>}, {@code <secret:N>}, {@code <ts>},
 * {@code "<n>"}, {@code "<size>"}, {@code "<pid>"}) on first sight and holding them to it: one
 * placeholder is one value, and two placeholders of a kind are two different values.
 */
final class TranscriptMatcher {
  static final Pattern PLACEHOLDER =
      Pattern.compile("<(uuid:[a-z_]+:\\d+|offset:\\d+|hash:\\d+|secret:\\d+|ts|n|size|pid)>");
  private static final Pattern UUID_RE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private Map<String, String> bound = new HashMap<>();
  private Map<String, String> owner = new HashMap<>();
  private final List<String> diffs = new ArrayList<>();
  /** True while comparing raw YAML scalars, where numbers are text. */
  private boolean rawScalars;

  void rawScalars(boolean value) {
    rawScalars = value;
  }

  List<String> diffs() {
    return diffs;
  }

  Map<String, String> bindings() {
    return bound;
  }

  /** Replaces bound placeholders in request text; returns null naming the first unbound one. */
  String substitute(String text, List<String> unbound) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = bound.get(m.group(1));
      if (v == null) {
        unbound.add(m.group());
        v = m.group();
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  JsonNode substitute(JsonNode n, List<String> unbound) {
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      return TextNode.valueOf(substitute(n.asText(), unbound));
    }
    if (n.isObject()) {
      ObjectNode out = Json.obj();
      n.fields().forEachRemaining(e -> out.set(substitute(e.getKey(), unbound), substitute(e.getValue(), unbound)));
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = Json.arr();
      n.forEach(c -> out.add(substitute(c, unbound)));
      return out;
    }
    return n;
  }

  /**
   * Unifies {@code expected} with {@code actual}; arrays at paths accepted by {@code unordered}
   * are compared as multisets (the recorder sorted them). Records differences in {@link #diffs()}.
   */
  boolean match(JsonNode expected, JsonNode actual, String path, Predicate<String> unordered) {
    if (expected == null || expected.isNull()) {
      return check(actual == null || actual.isNull(), path, expected, actual);
    }
    if (expected.isTextual()) {
      return matchText(expected.asText(), actual, path);
    }
    if (expected.isNumber()) {
      return check(actual != null && actual.isNumber() && actual.decimalValue().compareTo(expected.decimalValue()) == 0,
          path, expected, actual);
    }
    if (expected.isBoolean()) {
      return check(expected.equals(actual), path, expected, actual);
    }
    if (expected.isArray()) {
      if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
        return check(false, path, expected, actual);
      }
      if (unordered.test(path)) {
        return matchUnordered(expected, actual, path, unordered);
      }
      boolean ok = true;
      for (int i = 0; i < expected.size(); i++) {
        ok &= match(expected.get(i), actual.get(i), path + "[" + i + "]", unordered);
      }
      return ok;
    }
    if (actual == null || !actual.isObject()) {
      return check(false, path, expected, actual);
    }
    boolean ok = true;
    Set<String> used = new HashSet<>();
    List<String> placeholderKeys = new ArrayList<>();
    Iterator<String> it = expected.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      String concrete = PLACEHOLDER.matcher(k).matches() ? bound.get(k.substring(1, k.length() - 1)) : k;
      if (concrete == null) {
        placeholderKeys.add(k);
        continue;
      }
      if (!actual.has(concrete)) {
        diffs.add(path + "." + k + ": missing in the emulator's answer (expected " + brief(expected.get(k)) + ")");
        ok = false;
        continue;
      }
      used.add(concrete);
      ok &= match(expected.get(k), actual.get(concrete), path + "." + k, unordered);
    }
    for (String k : placeholderKeys) {
      boolean found = false;
      Iterator<String> candidates = actual.fieldNames();
      while (candidates.hasNext() && !found) {
        String c = candidates.next();
        if (used.contains(c)) {
          continue;
        }
        Map<String, String> b = new HashMap<>(bound);
        Map<String, String> o = new HashMap<>(owner);
        int d = diffs.size();
        if (matchText(k, TextNode.valueOf(c), path + ".<key>") && match(expected.get(k), actual.get(c), path + "." + k, unordered)) {
          used.add(c);
          found = true;
        } else {
          bound = b;
          owner = o;
          diffs.subList(d, diffs.size()).clear();
        }
      }
      if (!found) {
        diffs.add(path + "." + k + ": no entry of the emulator's answer matches " + brief(expected.get(k)));
        ok = false;
      }
    }
    Iterator<String> extra = actual.fieldNames();
    while (extra.hasNext()) {
      String k = extra.next();
      if (!used.contains(k)) {
        diffs.add(path + "." + k + ": unexpected in the emulator's answer: " + brief(actual.get(k)));
        ok = false;
      }
    }
    return ok;
  }

  private boolean matchUnordered(JsonNode expected, JsonNode actual, String path, Predicate<String> unordered) {
    boolean[] taken = new boolean[actual.size()];
    boolean ok = true;
    for (int i = 0; i < expected.size(); i++) {
      boolean found = false;
      for (int j = 0; j < actual.size() && !found; j++) {
        if (taken[j]) {
          continue;
        }
        Map<String, String> b = new HashMap<>(bound);
        Map<String, String> o = new HashMap<>(owner);
        int d = diffs.size();
        if (match(expected.get(i), actual.get(j), path + "[" + i + "]", unordered)) {
          taken[j] = true;
          found = true;
        } else {
          bound = b;
          owner = o;
          diffs.subList(d, diffs.size()).clear();
        }
      }
      if (!found) {
        diffs.add(path + "[" + i + "]: no element of the emulator's list matches " + brief(expected.get(i)));
        ok = false;
      }
    }
    return ok;
  }

  private boolean matchText(String expected, JsonNode actual, String path) {
    Matcher whole = PLACEHOLDER.matcher(expected);
    if (whole.matches()) {
      String ph = whole.group(1);
      switch (ph) {
        case "ts", "n", "pid" -> {
          boolean num = actual != null && (rawScalars ? actual.isTextual() && NUMBER.matcher(actual.asText()).matches()
              : actual.isNumber());
          return check(num && (!ph.equals("n") && !ph.equals("pid") || actual.asText().matches("[0-9]+")), path,
              TextNode.valueOf(expected), actual);
        }
        case "size" -> {
          return check(actual != null && actual.isTextual() && actual.asText().matches("[0-9.]+ [KMG]?i?B"), path,
              TextNode.valueOf(expected), actual);
        }
        default -> {
          if (actual == null || !actual.isTextual()) {
            return check(false, path, TextNode.valueOf(expected), actual);
          }
          return bind(ph, actual.asText(), path);
        }
      }
    }
    if (actual == null || !actual.isTextual()) {
      return check(false, path, TextNode.valueOf(expected), actual);
    }
    if (!PLACEHOLDER.matcher(expected).find()) {
      return check(expected.equals(actual.asText()), path, TextNode.valueOf(expected), actual);
    }
    // a string with placeholders inside: a regex with one group per unbound placeholder
    StringBuilder re = new StringBuilder();
    List<String> groups = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(expected);
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(expected.substring(last, m.start())));
      String ph = m.group(1);
      String v = bound.get(ph);
      if (v != null) {
        re.append("(").append(Pattern.quote(v)).append("|").append(Pattern.quote(Page.escape(v))).append(")");
        groups.add(null);
      } else {
        re.append("(").append(shape(ph)).append(")");
        groups.add(ph);
      }
      last = m.end();
    }
    re.append(Pattern.quote(expected.substring(last)));
    Matcher am = Pattern.compile(re.toString(), Pattern.DOTALL).matcher(actual.asText());
    if (!am.matches()) {
      return check(false, path, TextNode.valueOf(expected), actual);
    }
    boolean ok = true;
    for (int i = 0; i < groups.size(); i++) {
      String ph = groups.get(i);
      if (ph != null && !ph.equals("ts") && !ph.equals("n") && !ph.equals("size") && !ph.equals("pid")) {
        String v = am.group(i + 1);
        if (ph.startsWith("offset:")) {
          v = URLDecoder.decode(v, StandardCharsets.UTF_8);
        }
        ok &= bind(ph, v, path);
      }
    }
    return ok;
  }

  private static String shape(String ph) {
    if (ph.startsWith("uuid:")) {
      return UUID_RE.pattern();
    }
    if (ph.startsWith("hash:")) {
      return "[0-9a-f]{32}";
    }
    if (ph.equals("ts")) {
      return "[0-9]+(?:\\.[0-9]+)?";
    }
    return "[^&\"'\\s,}]+?";
  }

  private boolean bind(String ph, String value, String path) {
    if (ph.startsWith("uuid:") && !UUID_RE.matcher(value).matches()) {
      diffs.add(path + ": expected a UUID for <" + ph + ">, got " + value);
      return false;
    }
    String have = bound.get(ph);
    if (have != null) {
      return check(have.equals(value), path, TextNode.valueOf("<" + ph + "> = " + have), TextNode.valueOf(value));
    }
    String kind = ph.substring(0, ph.indexOf(':')) + (ph.startsWith("uuid:") ? "" : "");
    String other = owner.get(kind + "=" + value);
    if (other != null && !other.equals(ph)) {
      diffs.add(path + ": <" + ph + "> and <" + other + "> must be different values, both are " + value);
      return false;
    }
    bound.put(ph, value);
    owner.put(kind + "=" + value, ph);
    return true;
  }

  private boolean check(boolean ok, String path, JsonNode expected, JsonNode actual) {
    if (!ok) {
      diffs.add(path + ": expected " + brief(expected) + " but the emulator answered " + brief(actual));
    }
    return ok;
  }

  static String brief(JsonNode n) {
    String s = n == null ? "(nothing)" : n.toString();
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }
}

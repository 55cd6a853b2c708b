package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Renders JSON trees the way Penlight's {@code pl.pretty.write} renders Lua tables, because Kong
 * builds its error messages with it ({@code kong/db/errors.lua}): keys sorted, identifiers bare,
 * array parts without keys until the first hole, {@code null} for ngx.null.
 */
final class LuaTable {
  private LuaTable() {}

  /** {@code pl_pretty(t, "")}: everything on one line, no spaces. */
  static String inline(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    write(sb, n, null, "");
    return sb.toString();
  }

  /** {@code pl_pretty(t)}: two-space indentation, one item per line. */
  static String pretty(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    write(sb, n, "  ", "");
    return sb.toString();
  }

  private static void write(StringBuilder sb, JsonNode n, String indent, String current) {
    if (n == null || n.isNull()) {
      sb.append("null");
    } else if (n.isTextual()) {
      sb.append(quote(n.asText()));
    } else if (n.isNumber() || n.isBoolean()) {
      sb.append(n.asText());
    } else {
      List<String> items = new ArrayList<>();
      String inner = indent == null ? "" : current + indent;
      if (n.isArray()) {
        boolean holes = false;
        for (int i = 0; i < n.size(); i++) {
          JsonNode v = n.get(i);
          if (v == null || v.isNull()) {
            holes = true;
            continue;
          }
          StringBuilder item = new StringBuilder();
          if (holes) {
            item.append('[').append(i + 1).append(']').append(indent == null ? "=" : " = ");
          }
          write(item, v, indent, inner);
          items.add(item.toString());
        }
      } else {
        List<String> keys = new ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(keys::add);
        Collections.sort(keys);
        for (String k : keys) {
          StringBuilder item = new StringBuilder();
          item.append(k.matches("[A-Za-z_][A-Za-z0-9_]*") ? k : "[" + quote(k) + "]");
          item.append(indent == null ? "=" : " = ");
          write(item, n.get(k), indent, inner);
          items.add(item.toString());
        }
      }
      if (indent == null) {
        sb.append('{').append(String.join(",", items)).append('}');
      } else if (items.isEmpty()) {
        sb.append("{}");
      } else {
        sb.append("{\n");
        for (int i = 0; i < items.size(); i++) {
          sb.append(inner).append(items.get(i));
          sb.append(i < items.size() - 1 ? ",\n" : "\n");
        }
        sb.append(current).append('}');
      }
    }
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}

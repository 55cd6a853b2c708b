package io.catalogsync.kong.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Translates the Lua patterns that Kong schemas use in {@code match}, {@code match_all},
 * {@code match_any} and {@code match_none} (e.g. {@code ^%u+$} in routes.lua) into Java regexes.
 * Lua's {@code -} (lazy star) and {@code %b}/{@code %f} are rare in schemas; {@code -} is mapped to
 * {@code *?}, the others are not supported.
 */
final class LuaPattern {
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private LuaPattern() {}

  static boolean find(String luaPattern, String subject) {
    return CACHE.computeIfAbsent(luaPattern, LuaPattern::compile).matcher(subject).find();
  }

  static Pattern compile(String lua) {
    StringBuilder re = new StringBuilder();
    boolean inSet = false;
    for (int i = 0; i < lua.length(); i++) {
      char c = lua.charAt(i);
      if (c == '%' && i + 1 < lua.length()) {
        char k = lua.charAt(++i);
        String cls = charClass(k, inSet);
        re.append(cls != null ? cls : escape(k));
      } else if (inSet) {
        if (c == ']') {
          inSet = false;
          re.append(']');
        } else if (c == '\\' || c == '[' || c == '&' || c == '~') {
          re.append('\\').append(c);
        } else {
          re.append(c);
        }
      } else if (c == '[') {
        inSet = true;
        re.append('[');
        if (i + 1 < lua.length() && lua.charAt(i + 1) == '^') {
          re.append('^');
          i++;
        }
      } else if (c == '-') {
        re.append("*?");
      } else if (c == '^' && i == 0 || c == '$' && i == lua.length() - 1) {
        re.append(c == '^' ? "^" : "$");
      } else if (c == '.' || c == '*' || c == '+' || c == '?') {
        re.append(c);
      } else {
        re.append(escape(c));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static String escape(char c) {
    return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
  }

  private static String charClass(char k, boolean inSet) {
    String body = switch (k) {
      case 'a' -> "A-Za-z";
      case 'd' -> "0-9";
      case 'l' -> "a-z";
      case 'u' -> "A-Z";
      case 'w' -> "A-Za-z0-9";
      case 'x' -> "A-Fa-f0-9";
      case 's' -> " \\t\\n\\r\\f\\x0B";
      case 'p' -> "!-/:-@\\[-`{-~";
      case 'c' -> "\\x00-\\x1F\\x7F";
      default -> null;
    };
    if (body != null) {
      return inSet ? body : "[" + body + "]";
    }
    String neg = switch (k) {
      case 'A' -> "A-Za-z";
      case 'D' -> "0-9";
      case 'L' -> "a-z";
      case 'U' -> "A-Z";
      case 'W' -> "A-Za-z0-9";
      case 'S' -> " \\t\\n\\r\\f\\x0B";
      default -> null;
    };
    if (neg != null && !inSet) {
      return "[^" + neg + "]";
    }
    return null;
  }
}

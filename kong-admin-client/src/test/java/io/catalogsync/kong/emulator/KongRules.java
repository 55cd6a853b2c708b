package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Lua functions of Kong's schemas, which {@code GET /schemas} does not serialise: custom
 * validators of fields and records, and custom entity checks. Each rule names its source file.
 */
final class KongRules {
  private static final String[] PERIODS = {"second", "minute", "hour", "day", "month", "year"};
  private static final Pattern NAME_ASCII = Pattern.compile("^[A-Za-z0-9.\\-_~]+$");
  private static final Pattern HOSTNAME =
      Pattern.compile("^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_\\-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_\\-]{0,61}[A-Za-z0-9_])?)*\\.?$");

  private final LuaSyntax lua = new LuaSyntax();
  /** Regex errors worded by PCRE2 (Kong 3.7+) rather than PCRE. */
  private final boolean pcre2;

  KongRules(boolean pcre2) {
    this.pcre2 = pcre2;
  }

  /** A custom validator for the value at {@code path}; null when valid. */
  String checkField(String schema, String path, JsonNode v) {
    String entity = schema.startsWith("plugins:") ? "plugins" : schema;
    if (path.equals("tags.*") && v.isTextual()) {
      return validTag(v.asText());
    }
    if (path.equals("name") && (entity.equals("services") || entity.equals("routes")) && v.isTextual()
        || path.equals("instance_name") && entity.equals("plugins") && v.isTextual()) {
      return validName(v.asText());
    }
    switch (schema + "#" + path) {
      case "routes#paths.*":
        return v.isTextual() ? routePath(v.asText()) : null;
      case "upstreams#name":
        // kong/db/schema/entities/upstreams.lua: validate_name -> utils.normalize_ip, which must say "name"
        return validUpstreamName(v.asText()) ? null : "Invalid name ('" + v.asText() + "'); must be a valid hostname";
      case "targets#target":
        // kong/db/schema/entities/targets.lua + kong/db/dao/targets.lua (format_target)
        return validTarget(v.asText()) ? null : "Invalid target; not a valid hostname or ip address";
      case "plugins:cors#config.origins.*":
        // kong/plugins/cors/schema.lua: validate_asterisk_or_regex
        return v.asText().equals("*") || isRegex(v.asText()) == null ? null
            : "'" + v.asText() + "' is not a valid regex";
      case "plugins:ip-restriction#config.allow.*":
      case "plugins:ip-restriction#config.deny.*":
        // kong/db/schema/typedefs.lua: ip_or_cidr
        return validIpOrCidr(v.asText()) ? null : "invalid ip or cidr range: '" + v.asText() + "'";
      default:
        break;
    }
    if (schema.equals("plugins:pre-function") || schema.equals("plugins:post-function")) {
      // kong/plugins/pre-function/_schema.lua: validate_function uses loadstring()
      if (path.matches("config\\.[a-z_]+\\.\\*") && v.isTextual()) {
        String err = lua.check(v.asText());
        return err == null ? null : "error parsing " + schema.substring(8) + ": " + err;
      }
    }
    return null;
  }

  /** Record-level custom validators and custom entity checks. */
  void checkRecord(String schema, String path, ObjectNode value, ObjectNode errors) {
    if (schema.equals("routes") && path.isEmpty()) {
      routeEntityChecks(value, errors);
    }
    if (!errors.isEmpty()) {
      return;
    }
    if (schema.equals("plugins:rate-limiting") && path.equals("config")
        || schema.equals("plugins:response-ratelimiting") && path.equals("config")) {
      // kong/plugins/rate-limiting/schema.lua: validate_periods_order is the config custom_validator
      for (int i = 0; i < PERIODS.length; i++) {
        JsonNode v1 = value.get(PERIODS[i]);
        if (v1 == null || !v1.isNumber()) {
          continue;
        }
        for (int j = i + 1; j < PERIODS.length; j++) {
          JsonNode v2 = value.get(PERIODS[j]);
          if (v2 != null && v2.isNumber() && v2.asDouble() < v1.asDouble()) {
            errors.put("@config", String.format(Locale.ROOT,
                "The limit for %s(%.1f) cannot be lower than the limit for %s(%.1f)",
                PERIODS[j], v2.asDouble(), PERIODS[i], v1.asDouble()));
            return;
          }
        }
      }
    }
    if (schema.equals("plugins:oauth2") && path.equals("config")) {
      // kong/plugins/oauth2/schema.lua: validate_flows
      if (!value.path("enable_authorization_code").asBoolean() && !value.path("enable_implicit_grant").asBoolean()
          && !value.path("enable_client_credentials").asBoolean() && !value.path("enable_password_grant").asBoolean()) {
        errors.put("@config", "at least one of these fields must be true: enable_authorization_code, "
            + "enable_implicit_grant, enable_client_credentials, enable_password_grant");
      }
    }
  }

  /** kong/db/schema/entities/routes_subschemas.lua: conditional_at_least_one_of per protocol family. */
  private static void routeEntityChecks(ObjectNode route, ObjectNode errors) {
    JsonNode protocols = route.get("protocols");
    if (protocols == null || !protocols.isArray() || errors.has("protocols")) {
      return;
    }
    List<String> p = new ArrayList<>();
    protocols.forEach(n -> p.add(n.asText()));
    String[] fields;
    String label;
    if (p.contains("https")) {
      fields = new String[] {"methods", "hosts", "headers", "paths", "snis"};
      label = "'https'";
    } else if (p.contains("http")) {
      fields = new String[] {"methods", "hosts", "headers", "paths"};
      label = "'http'";
    } else if (p.contains("grpcs")) {
      fields = new String[] {"hosts", "headers", "paths", "snis"};
      label = "'grpcs'";
    } else if (p.contains("grpc")) {
      fields = new String[] {"hosts", "headers", "paths"};
      label = "'grpc'";
    } else if (p.contains("tcp") || p.contains("tls") || p.contains("udp")) {
      fields = new String[] {"sources", "destinations", "snis"};
      label = "'tcp', 'tls' or 'udp'";
    } else {
      return;
    }
    for (String f : fields) {
      JsonNode v = route.get(f);
      if (!Json.isNull(v) && !(v.isContainerNode() && v.isEmpty())) {
        return;
      }
    }
    List<String> quoted = new ArrayList<>();
    for (String f : fields) {
      quoted.add("'" + f + "'");
    }
    SchemaValidator.entityError(errors, "must set one of " + String.join(", ", quoted) + " when 'protocols' is " + label);
  }

  /** kong/db/schema/typedefs.lua: validate_tag. */
  static String validTag(String tag) {
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      if (c < 0x20 || c == 0x7F || c == ',' || c == '/') {
        return "invalid tag '" + tag + "': expected printable ascii (except `,` and `/`) or valid utf-8 sequences";
      }
    }
    return null;
  }

  /** kong/db/schema/typedefs.lua: validate_utf8_name (utf8_name typedef). */
  static String validName(String name) {
    StringBuilder ascii = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x80) {
        ascii.append(c);
      }
    }
    if (ascii.length() > 0 && !NAME_ASCII.matcher(ascii).matches()) {
      return "invalid value '" + name + "': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
    }
    return null;
  }

  /** kong/db/schema/entities/routes.lua: regex paths are compiled with PCRE; fixed paths are not. */
  private String routePath(String path) {
    if (!path.startsWith("~")) {
      return null;
    }
    String regex = path.substring(1);
    String err = isRegex(regex);
    if (err == null) {
      return null;
    }
    if (pcre2) {
      // Kong 3.7 moved to PCRE2 (kong-transcripts/3.9.3/routes.json exchange 13): other function, other wording
      return "invalid regex: '" + regex + "' (PCRE returned: pcre2_compile() failed: " + pcre2Wording(err) + " in \""
          + regex + "\")";
    }
    return "invalid regex: '" + regex + "' (PCRE returned: pcre_compile() failed: " + err + " in \"" + regex + "\")";
  }

  /** PCRE2's wording (pcre2_error.c) for the PCRE messages {@link #isRegex} produces. */
  private static String pcre2Wording(String pcreMessage) {
    switch (pcreMessage) {
      case "missing )":
        return "missing closing parenthesis";
      case "nothing to repeat":
        return "quantifier does not follow a repeatable item";
      case "unmatched parentheses":
        return "unmatched closing parenthesis";
      default:
        return pcreMessage;
    }
  }

  /** Null when {@code regex} compiles; else the PCRE wording of the problem Java found. */
  static String isRegex(String regex) {
    try {
      Pattern.compile(regex);
      return javaOnlyProperty(regex);
    } catch (PatternSyntaxException e) {
      String d = e.getDescription();
      if (d.startsWith("Unclosed group")) {
        return "missing )";
      }
      if (d.startsWith("Unclosed character class")) {
        return "missing terminating ] for character class";
      }
      if (d.startsWith("Dangling meta character")) {
        return "nothing to repeat";
      }
      if (d.startsWith("Unmatched closing ')'")) {
        return "unmatched parentheses";
      }
      return d;
    }
  }

  /** Property classes Java's regex knows and PCRE does not (pcre_compile.c {@code ERR47}). */
  private static final java.util.Set<String> JAVA_POSIX_PROPERTIES = java.util.Set.of("Lower", "Upper", "ASCII",
      "Alpha", "Digit", "Alnum", "Punct", "Graph", "Print", "Blank", "Cntrl", "XDigit", "Space");

  /**
   * Null, or PCRE's error for a {@code \p{...}} class that only Java's regex has ({@code javaLowerCase},
   * {@code IsAlphabetic}, {@code InGreek}, POSIX names such as {@code Alpha}, {@code key=value} forms): Java
   * compiles these, PCRE refuses them with "unknown property name after \P or \p" (PCRE's \p takes Unicode
   * general categories and script names only; pcre_compile.c {@code get_ucp}).
   */
  private static String javaOnlyProperty(String regex) {
    for (int i = 0; i < regex.length() - 1; i++) {
      char c = regex.charAt(i);
      if (c != '\\') {
        continue;
      }
      char n = regex.charAt(i + 1);
      i++;
      if ((n != 'p' && n != 'P') || i + 1 >= regex.length() || regex.charAt(i + 1) != '{') {
        continue;
      }
      int end = regex.indexOf('}', i + 2);
      if (end < 0) {
        return null;
      }
      String name = regex.substring(i + 2, end);
      if (name.startsWith("^")) {
        name = name.substring(1);
      }
      if (name.startsWith("java") || name.matches("(Is|In)[A-Z].*") || name.contains("=")
          || JAVA_POSIX_PROPERTIES.contains(name)) {
        return "unknown property name after \\P or \\p";
      }
    }
    return null;
  }

  /**
   * kong/tools/utils.lua (kong/tools/ip.lua from 3.5) {@code check_hostname} on a name without port: letters,
   * digits, {@code - . _}, no segment ending in {@code -}, no empty segment but a trailing one (an FQDN may end in
   * a dot). No length limits: real Kong 3.4.2 accepts a 137-character upstream name (kong-transcripts/3.4.2-daemon).
   */
  static boolean kongHostname(String name) {
    if (!name.matches("[0-9A-Za-z._-]+")) {
      return false;
    }
    String[] segments = name.split("\\.", -1);
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].endsWith("-") || segments[i].isEmpty() && i != segments.length - 1) {
        return false;
      }
    }
    return true;
  }

  /** upstreams.lua validate_name: {@code hostname_type} must be "name" (not ipv4/ipv6), without a port. */
  static boolean validUpstreamName(String name) {
    long colons = name.chars().filter(c -> c == ':').count();
    return colons == 0 && !name.matches("[0-9.]+") && kongHostname(name);
  }

  static boolean validHost(String host) {
    return isIp(host) || HOSTNAME.matcher(host).matches();
  }

  static boolean isIp(String s) {
    if (s.matches("^\\d{1,3}(\\.\\d{1,3}){3}$")) {
      for (String part : s.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    if (s.contains(":") && s.matches("^\\[?[0-9A-Fa-f:.]+]?$")) {
      try {
        InetAddress.getByName(s.startsWith("[") ? s.substring(1, s.length() - 1) : s);
        return true;
      } catch (Exception e) {
        return false;
      }
    }
    return false;
  }

  /** kong/tools/utils.lua: normalize_ip (host with optional port). */
  static boolean validTarget(String target) {
    String host = target;
    String port = null;
    if (target.startsWith("[")) {
      int end = target.indexOf(']');
      if (end < 0) {
        return false;
      }
      host = target.substring(0, end + 1);
      if (end + 1 < target.length()) {
        if (target.charAt(end + 1) != ':') {
          return false;
        }
        port = target.substring(end + 2);
      }
    } else if (target.chars().filter(c -> c == ':').count() == 1) {
      host = target.substring(0, target.indexOf(':'));
      port = target.substring(target.indexOf(':') + 1);
    }
    if (port != null && (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535)) {
      return false;
    }
    return isIp(host) || !host.replace(":", "").matches("[0-9.]+") && kongHostname(host);
  }

  static boolean validIpOrCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return isIp(s);
    }
    String bits = s.substring(slash + 1);
    return isIp(s.substring(0, slash)) && bits.matches("\\d{1,3}") && Integer.parseInt(bits) <= (s.contains(":") ? 128 : 32);
  }
}

package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One Admin API answer before it is written to the wire: status, Content-Type and body text. */
record ApiResponse(int status, String contentType, String body) {
  static final String JSON = "application/json; charset=utf-8";

  /** nginx's own page for 415, byte for byte (Kong answers unsupported bodies from nginx). */
  static final String HTML_415 = "<html>\r\n<head><title>415 Unsupported Media Type</title></head>\r\n<body>\r\n"
      + "<center><h1>415 Unsupported Media Type</h1></center>\r\n</body>\r\n</html>\r\n";

  static ApiResponse json(int status, JsonNode body) {
    return new ApiResponse(status, JSON, Json.write(luaNumbers(body)));
  }

  /**
   * Lua has one number type and lua-cjson writes integral values without a fraction
   * ({@code 3600.0} goes out as {@code 3600}); Kong's answers therefore never carry {@code .0}.
   */
  static JsonNode luaNumbers(JsonNode n) {
    if (n.isFloatingPointNumber() && n.asDouble() == Math.rint(n.asDouble()) && Math.abs(n.asDouble()) < 1e15) {
      return Json.F.numberNode(n.longValue());
    }
    if (n.isObject()) {
      ObjectNode out = Json.obj();
      n.fields().forEachRemaining(e -> out.set(e.getKey(), luaNumbers(e.getValue())));
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = Json.arr();
      n.forEach(c -> out.add(luaNumbers(c)));
      return out;
    }
    return n;
  }

  static ApiResponse message(int status, String message) {
    return json(status, Json.obj().put("message", message));
  }

  static ApiResponse empty(int status) {
    return new ApiResponse(status, null, null);
  }

  static ApiResponse unsupportedMediaType() {
    return new ApiResponse(415, "text/html; charset=UTF-8", HTML_415);
  }
}

package io.catalogsync.kong.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/** One Admin API answer before it is written to the wire: status, Content-Type and body text. */
record ApiResponse(int status, String contentType, String body) {
  static final String JSON = "application/json; charset=utf-8";

  /** nginx's own page for 415, byte for byte (Kong answers unsupported bodies from nginx). */
  static final String HTML_415 = "<html>\r\n<head><title>415 Unsupported Media Type</title></head>\r\n<body>\r\n"
      + "<center><h1>415 Unsupported Media Type</h1></center>\r\n</body>\r\n</html>\r\n";

  static ApiResponse json(int status, JsonNode body) {
    return new ApiResponse(status, JSON, Json.write(body));
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

package ai.thinkact.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request the server answers with an HTTP error and an OpenAI-style body,
 * {@code {"error": {"message", "type", "param", "code"}}}. The message is one line.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String param;

  ApiException(int status, String type, String param, String message) {
    super(message);
    this.status = status;
    this.type = type;
    this.param = param;
  }

  /** HTTP 400: the request is malformed; {@code param} names the offending field, or null. */
  static ApiException badRequest(String param, String message) {
    return new ApiException(400, "BadRequestError", param, message);
  }

  /** HTTP 404: no such model, adapter or route. */
  static ApiException notFound(String param, String message) {
    return new ApiException(404, "NotFoundError", param, message);
  }

  int status() {
    return status;
  }

  ObjectNode body(ObjectMapper json) {
    return errorBody(json, status, type, param, getMessage());
  }

  static ObjectNode errorBody(ObjectMapper json, int status, String type, String param, String message) {
    ObjectNode root = json.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    error.put("code", status);
    return root;
  }
}

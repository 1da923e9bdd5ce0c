package ai.thinkact.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route: checks the API key, the exact path and the method, reads a JSON object body, and
 * writes the answer or an OpenAI-style error. Nothing a request does takes the server down: a bug
 * is an HTTP 500 with one line, logged with its stack trace.
 */
abstract class JsonEndpoint implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JsonEndpoint.class);
  /** Largest request body read (a long chat with tools is well under a megabyte). */
  private static final int MAX_BODY_BYTES = 32 << 20;

  protected final ObjectMapper json;
  private final String method;
  private final String path;
  private final byte[] apiKey; // null: no authentication

  /** @param path the exact path served; null serves every path (the not-found route) */
  JsonEndpoint(ObjectMapper json, String method, String path, String apiKey) {
    this.json = json;
    this.method = method;
    this.path = path;
    this.apiKey = apiKey == null ? null : ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The answer to a request: an {@link ObjectNode} is sent as JSON, a String as plain text (as
   * vLLM answers adapter loading).
   *
   * @param body the request's JSON object; null for GET
   */
  protected abstract Object respond(JsonNode body);

  @Override
  public final void handle(HttpExchange exchange) {
    try (exchange) {
      Object answer;
      int status = 200;
      try {
        answer = respond(checked(exchange));
      } catch (ApiException e) {
        status = e.status();
        answer = e.body(json);
      } catch (RuntimeException e) {
        LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        status = 500;
        answer = ApiException.errorBody(json, 500, "InternalServerError", null, oneLine(e));
      }
      write(exchange, status, answer);
    } catch (IOException e) {
      LOG.debug("could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
    }
  }

  private JsonNode checked(HttpExchange exchange) throws IOException {
    if (apiKey != null) {
      String given = exchange.getRequestHeaders().getFirst("Authorization");
      if (given == null || !MessageDigest.isEqual(apiKey, given.getBytes(StandardCharsets.UTF_8))) {
        throw new ApiException(401, "AuthenticationError", null, "Unauthorized: send Authorization: Bearer <api key>");
      }
    }
    String requested = exchange.getRequestURI().getPath();
    if (path == null || !(requested.equals(path) || requested.equals(path + "/"))) {
      throw ApiException.notFound(null, "no route " + exchange.getRequestMethod() + " " + requested);
    }
    if (!exchange.getRequestMethod().equals(method)) {
      throw new ApiException(405, "MethodNotAllowed", null, requested + " takes " + method + ", not " + exchange.getRequestMethod());
    }
    if (method.equals("GET")) {
      return null;
    }
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new ApiException(413, "BadRequestError", null, "request body over " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode body;
    try {
      body = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(null, "request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest(null, "request body must be a JSON object");
    }
    return body;
  }

  private void write(HttpExchange exchange, int status, Object answer) throws IOException {
    byte[] bytes;
    if (answer instanceof String text) {
      bytes = text.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    } else {
      bytes = json.writeValueAsBytes(answer);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Waits for generation; its failure becomes the request's error. */
  static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ApiException api) {
        throw api;
      }
      LOG.error("generation failed", cause);
      throw new ApiException(500, "InternalServerError", null, "generation failed: " + oneLine(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "ServiceUnavailableError", null, "the server is shutting down");
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

package ai.thinkact.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A test client for a server on 127.0.0.1: every call has a bounded time. */
record HttpJson(String base, String apiKey) {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** A response: its status, raw body, and the body as JSON (null when it is not JSON). */
  record Answer(int status, String text, JsonNode json) {
    String errorMessage() {
      return json == null ? text : json.path("error").path("message").asText();
    }
  }

  HttpJson(String base) {
    this(base, null);
  }

  Answer post(String path, Object body) {
    try {
      String text = body instanceof String s ? s : JSON.writeValueAsString(body);
      return send(builder(path).POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
          .header("Content-Type", "application/json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Answer get(String path) {
    return send(builder(path).GET());
  }

  /** POSTs and insists on HTTP 200. */
  JsonNode ok(String path, Object body) {
    Answer a = post(path, body);
    if (a.status() != 200) {
      throw new AssertionError("HTTP " + a.status() + " for " + path + ": " + a.text());
    }
    return a.json();
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
    if (apiKey != null) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    return b;
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode json;
      try {
        json = JSON.readTree(r.body());
      } catch (IOException e) {
        json = null;
      }
      return new Answer(r.statusCode(), r.body(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

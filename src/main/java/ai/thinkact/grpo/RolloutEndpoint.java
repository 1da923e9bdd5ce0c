package ai.thinkact.grpo;

import ai.thinkact.base.RunFailedException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout server, through the routes vLLM and {@code thinkact serve} share: {@code GET /models},
 * {@code POST /completions}, {@code POST /load_lora_adapter}, {@code POST /unload_lora_adapter}.
 * Dropped connections, timeouts, 429 and 5xx are retried a bounded number of times with doubling
 * back-off; then, or at once for any other status, the run stops with one line naming the URL.
 * Thread-safe (the JDK client is).
 */
final class RolloutEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tries per request, the first included: a restarting server gets a few seconds, a dead one fails fast. */
  static final int MAX_ATTEMPTS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** A round's completions of one prompt: long generations on a busy server, but not forever. */
  private static final Duration GENERATION_TIMEOUT = Duration.ofMinutes(10);
  /** Listing models, loading or unloading an adapter (vLLM reads a few MB from disk). */
  private static final Duration ADMIN_TIMEOUT = Duration.ofMinutes(2);
  private static final int MAX_ERROR_CHARS = 300;

  private final URI base;
  private final String apiKey;
  private final HttpClient http;

  /** @param base the server's {@code .../v1} URL */
  RolloutEndpoint(URI base, String apiKey) {
    this.base = base;
    this.apiKey = apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  URI base() {
    return base;
  }

  /** Checks that the server answers {@code GET /models}, so a wrong URL fails before the model loads. */
  void checkReachable() {
    send("models", HttpRequest.newBuilder(url("models")).GET(), ADMIN_TIMEOUT);
  }

  /** {@code POST /completions}; the answer's JSON. */
  JsonNode complete(ObjectNode body) {
    String text = send("completions", post("completions", body), GENERATION_TIMEOUT);
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw failure("completions", "answered with something that is not JSON: " + shorten(text));
    }
  }

  /**
   * Loads the PEFT adapter in {@code dir} as {@code name}. A name the server already holds (a resumed
   * run's adapter, left by the run that stopped) is unloaded and loaded again, so it has these weights.
   */
  void loadAdapter(String name, Path dir) {
    ObjectNode body = JSON.createObjectNode().put("lora_name", name).put("lora_path", dir.toString());
    try {
      send("load_lora_adapter", post("load_lora_adapter", body), ADMIN_TIMEOUT);
    } catch (AlreadyLoaded e) {
      LOG.info("{} already serves {}: loading it again", base, name);
      unloadAdapter(name);
      send("load_lora_adapter", post("load_lora_adapter", body), ADMIN_TIMEOUT);
    }
  }

  /** Unloads {@code name}; one the server does not know (restarted meanwhile, say) is already where we want it. */
  void unloadAdapter(String name) {
    try {
      send("unload_lora_adapter", post("unload_lora_adapter", JSON.createObjectNode().put("lora_name", name)),
          ADMIN_TIMEOUT);
    } catch (NotFound e) {
      LOG.info("{} did not serve {} any more", base, name);
    }
  }

  /** HTTP 404 from an adapter route. */
  private static final class NotFound extends RunFailedException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  /** vLLM's and our answer to a taken {@code lora_name}: HTTP 400 "... has already been loaded". */
  private static final class AlreadyLoaded extends RunFailedException {
    private static final long serialVersionUID = 1L;

    AlreadyLoaded(String message) {
      super(message);
    }
  }

  private HttpRequest.Builder post(String route, ObjectNode body) {
    try {
      return HttpRequest.newBuilder(url(route)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends with retries; the body of the HTTP 200 answer. */
  private String send(String route, HttpRequest.Builder builder, Duration timeout) {
    builder.timeout(timeout);
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    HttpRequest request = builder.build();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      String failure;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status == 200) {
          return response.body();
        }
        String message = errorMessage(response.body());
        if (status == 400 && message.contains("already been loaded")) {
          throw new AlreadyLoaded(message);
        }
        // An unknown lora_name: "... cannot be found." (HTTP 404; matched by message too, should a server say 400)
        if (route.equals("unload_lora_adapter") && (status == 404 || message.contains("cannot be found"))) {
          throw new NotFound(message);
        }
        if (status != 429 && status < 500) {
          throw failure(route, "answered HTTP " + status + ": " + message);
        }
        failure = "HTTP " + status + ": " + message;
      } catch (java.net.ConnectException e) {
        failure = "cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(route, "interrupted");
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw failure(route, "failed " + attempt + " times; last: " + failure);
      }
      LOG.warn("rollout endpoint {} attempt {}/{} failed ({}); retrying in {} ms", url(route), attempt, MAX_ATTEMPTS,
          failure, backoff.toMillis());
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(route, "interrupted");
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  RunFailedException failure(String route, String what) {
    return new RunFailedException("rollout endpoint " + url(route) + " " + what);
  }

  private URI url(String route) {
    return URI.create(base + "/" + route);
  }

  /** {@code error.message} of an OpenAI error body, else the body itself (vLLM's adapter routes answer plain text), on one short line. */
  private static String errorMessage(String body) {
    try {
      JsonNode message = JSON.readTree(body).path("error").path("message");
      if (message.isTextual()) {
        return shorten(message.asText());
      }
      JsonNode detail = JSON.readTree(body).path("message"); // some vLLM versions: {"message": ...}
      if (detail.isTextual()) {
        return shorten(detail.asText());
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // not JSON: the raw text
    }
    return shorten(body);
  }

  private static String shorten(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_ERROR_CHARS ? one : one.substring(0, MAX_ERROR_CHARS) + "...";
  }
}

package ai.thinkact.eval;

import ai.thinkact.chat.Message;
import ai.thinkact.base.ConfigException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client for an OpenAI-compatible {@code /v1/chat/completions} server (vLLM, SGLang, a
 * hosted API). Rate limits (429), server errors (5xx) and dropped connections are retried with
 * exponential back-off (or the server's {@code Retry-After}); anything else fails at once with
 * one line naming the URL, the status and the server's error message.
 */
public final class OpenAiChatClient {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatClient.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_ERROR_CHARS = 300;

  /**
   * @param chatUrl the full {@code .../v1/chat/completions} URL (see {@link #chatUrl})
   * @param apiKey sent as {@code Authorization: Bearer}; null sends none (local servers)
   * @param model the served model name ({@code "model"} of the request)
   * @param maxTokens most new tokens per completion ({@code max_completion_tokens}, or {@code max_tokens})
   * @param think whether the model may think ({@code off} sends {@code chat_template_kwargs})
   * @param maxAttempts tries per request including the first; >= 1
   * @param firstBackoff wait after the first failure, doubled after each further one
   * @param timeout per request
   */
  public record Settings(URI chatUrl, String apiKey, String model, int maxTokens, ThinkMode think,
      int maxAttempts, Duration firstBackoff, Duration timeout) {
    public Settings {
      Objects.requireNonNull(chatUrl, "chatUrl");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(think, "think");
      if (maxTokens <= 0 || maxAttempts < 1) {
        throw new IllegalArgumentException("maxTokens " + maxTokens + " and maxAttempts " + maxAttempts + " must be positive");
      }
    }
  }

  private final HttpClient http;
  private final Settings settings;
  private final AtomicReference<OpenAiChat.LengthField> lengthField =
      new AtomicReference<>(OpenAiChat.LengthField.MAX_COMPLETION_TOKENS);

  public OpenAiChatClient(Settings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
  }

  public Settings settings() {
    return settings;
  }

  /**
   * The chat-completions URL for what a user typed: a URL already ending in
   * {@code /chat/completions} is kept; one ending in {@code /v1} gets {@code /chat/completions};
   * anything else (a bare {@code http://host:8000}) gets {@code /v1/chat/completions}.
   */
  public static URI chatUrl(String endpoint) {
    String base = endpoint.strip();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.endsWith("/chat/completions")) {
      return URI.create(base);
    }
    return URI.create(base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
  }

  /** The {@code /models} URL beside a chat-completions URL. */
  static URI modelsUrl(URI chatUrl) {
    String s = chatUrl.toString();
    return URI.create(s.substring(0, s.length() - "/chat/completions".length()) + "/models");
  }

  /**
   * The one model a server lists at {@code /v1/models}, for when no {@code --served-model} is
   * given. A server listing several (vLLM with {@code --enable-lora} lists the base model first,
   * then each adapter) is ambiguous: taking the first would silently evaluate the base model.
   *
   * @throws ConfigException when the server lists more than one model
   */
  public static String onlyServedModel(URI chatUrl, String apiKey) throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
    URI url = modelsUrl(chatUrl);
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET();
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> response = send(client, request.build(), url);
    List<String> ids = new ArrayList<>();
    for (JsonNode model : parse(response.body(), url).path("data")) {
      if (model.path("id").isTextual()) {
        ids.add(model.path("id").asText());
      }
    }
    if (response.statusCode() != 200 || ids.isEmpty()) {
      throw new IOException("cannot tell the served model from " + url + " (HTTP " + response.statusCode()
          + "); pass --served-model NAME");
    }
    if (ids.size() > 1) {
      throw new ConfigException(url + " serves " + ids.size() + " models (" + String.join(", ", ids)
          + "): pass --served-model NAME to say which to evaluate");
    }
    return ids.get(0);
  }

  /**
   * The completion text for one context (see {@link OpenAiChat#completionText}). The length limit
   * goes as {@code max_completion_tokens}; when a server refuses that field (HTTP 400 or 422
   * naming it) the request is sent again with {@code max_tokens}, and so are all later ones.
   */
  public String complete(List<Message> messages, List<ObjectNode> tools) throws IOException {
    OpenAiChat.LengthField field = lengthField.get();
    HttpRequest request = request(messages, tools, field);
    Duration backoff = settings.firstBackoff();
    for (int attempt = 1; ; attempt++) {
      String failure;
      Duration wait = backoff;
      try {
        HttpResponse<String> response = send(http, request, settings.chatUrl());
        int status = response.statusCode();
        if (status == 200) {
          try {
            return OpenAiChat.completionText(parse(response.body(), settings.chatUrl()));
          } catch (IllegalArgumentException e) {
            throw new IOException(settings.chatUrl() + ": " + e.getMessage());
          }
        }
        if (refusesLengthField(status, response.body(), field)) {
          if (lengthField.compareAndSet(field, OpenAiChat.LengthField.MAX_TOKENS)) {
            LOG.warn("{} refuses max_completion_tokens ({}); sending max_tokens instead", settings.chatUrl(),
                errorMessage(response.body()));
          }
          field = OpenAiChat.LengthField.MAX_TOKENS;
          request = request(messages, tools, field);
          attempt--; // not a failure of the server
          continue;
        }
        if (status != 429 && status < 500) {
          throw new IOException(settings.chatUrl() + " answered HTTP " + status + ": " + errorMessage(response.body()));
        }
        failure = "HTTP " + status + ": " + errorMessage(response.body());
        wait = retryAfter(response).orElse(backoff);
      } catch (RetryableException e) {
        failure = e.getMessage();
      }
      if (attempt >= settings.maxAttempts()) {
        throw new IOException(settings.chatUrl() + " failed " + attempt + " times; last: " + failure);
      }
      LOG.warn("{} attempt {}/{} failed ({}); retrying in {} ms", settings.chatUrl(), attempt,
          settings.maxAttempts(), failure, wait.toMillis());
      sleep(wait);
      backoff = backoff.multipliedBy(2);
    }
  }

  private HttpRequest request(List<Message> messages, List<ObjectNode> tools, OpenAiChat.LengthField field) throws IOException {
    ObjectNode body = OpenAiChat.request(settings.model(), messages, tools, settings.maxTokens(), settings.think(), field);
    HttpRequest.Builder builder = HttpRequest.newBuilder(settings.chatUrl())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body), StandardCharsets.UTF_8));
    if (settings.apiKey() != null) {
      builder.header("Authorization", "Bearer " + settings.apiKey());
    }
    return builder.build();
  }

  /** A 400/422 whose error names {@code max_completion_tokens}, while that is what was sent. */
  private static boolean refusesLengthField(int status, String body, OpenAiChat.LengthField sent) {
    return sent == OpenAiChat.LengthField.MAX_COMPLETION_TOKENS && (status == 400 || status == 422)
        && body != null && body.contains(OpenAiChat.LengthField.MAX_COMPLETION_TOKENS.jsonName());
  }

  /** A connection-level failure worth another try. */
  private static final class RetryableException extends IOException {
    RetryableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request, URI url) throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.net.ConnectException e) {
      throw new RetryableException("cannot connect to " + url, e);
    } catch (IOException e) {
      throw new RetryableException(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + url, e);
    }
  }

  private static JsonNode parse(String body, URI url) throws IOException {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IOException(url + " answered with something that is not JSON: " + shorten(body));
    }
  }

  /** {@code error.message} of an OpenAI error body, else the body itself, on one short line. */
  static String errorMessage(String body) {
    try {
      JsonNode message = MAPPER.readTree(body).path("error").path("message");
      if (message.isTextual()) {
        return shorten(message.asText());
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // not JSON: show the raw text
    }
    return shorten(body);
  }

  private static String shorten(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return one.length() <= MAX_ERROR_CHARS ? one : one.substring(0, MAX_ERROR_CHARS) + "...";
  }

  private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(v -> {
      try {
        return java.util.Optional.of(Duration.ofSeconds(Math.min(120, Long.parseLong(v.strip()))));
      } catch (NumberFormatException e) {
        return java.util.Optional.empty(); // an HTTP date: fall back to our back-off
      }
    });
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while backing off", e);
    }
  }
}

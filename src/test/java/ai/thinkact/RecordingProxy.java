package ai.thinkact;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * A loopback HTTP proxy in front of a test server that records every request (route and body)
 * before forwarding it: how tests see which adapters a trainer loads and unloads, and where its
 * requests go. {@link #baseUrl()} is {@code http://127.0.0.1:PORT/v1}.
 */
public final class RecordingProxy implements AutoCloseable {

  /** One request: its path (e.g. {@code /v1/load_lora_adapter}) and body. */
  public record Request(String path, String body) {}

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final HttpServer http;
  private final List<Request> requests = new ArrayList<>();

  /**
   * @param target the server's {@code http://HOST:PORT/v1} URL
   * @param onRequest called with each path and body before it is forwarded (may throw to fail the test's check)
   */
  public RecordingProxy(String target, BiConsumer<String, String> onRequest) throws IOException {
    String origin = target.substring(0, target.length() - "/v1".length());
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "recording-proxy");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/", exchange -> forward(exchange, origin, onRequest));
    http.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/v1";
  }

  /** The requests so far whose path ends with {@code route}. */
  public synchronized List<Request> requests(String route) {
    return requests.stream().filter(r -> r.path().endsWith(route)).toList();
  }

  private void forward(HttpExchange exchange, String origin, BiConsumer<String, String> onRequest) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String path = exchange.getRequestURI().getPath();
      synchronized (this) {
        requests.add(new Request(path, body));
      }
      onRequest.accept(path, body);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofMinutes(2))
          .method(exchange.getRequestMethod(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      exchange.getRequestHeaders().getOrDefault("Content-Type", List.of()).forEach(v -> request.header("Content-Type", v));
      HttpResponse<byte[]> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
      exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | AssertionError e) {
      byte[] message = ("{\"error\":{\"message\":\"proxy check failed: " + e.getMessage().replace("\"", "'") + "\"}}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(400, message.length);
      exchange.getResponseBody().write(message);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}

package ai.thinkact.serve;

import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.Generator;
import ai.thinkact.model.PrefixStore;
import ai.thinkact.model.Qwen3Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible server on a loaded Qwen3 model, on the JDK's built-in HTTP server
 * ({@code com.sun.net.httpserver}: no extra dependency, and enough for a handful of clients).
 * Request threads parse, tokenize, wait for the {@link Batcher} and write the answer; only the
 * batcher's worker runs the model. The caller keeps ownership of the model and tokenizer and
 * closes them after this server.
 */
public final class OpenAiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);

  private final HttpServer http;
  private final ExecutorService requests;
  private final Batcher batcher;
  private final AdapterRegistry models;
  private final String host;
  private final CountDownLatch closed = new CountDownLatch(1);

  private OpenAiServer(HttpServer http, ExecutorService requests, Batcher batcher, AdapterRegistry models, String host) {
    this.http = http;
    this.requests = requests;
    this.batcher = batcher;
    this.models = models;
    this.host = host;
  }

  /**
   * Binds {@code config.host():config.port()} and starts serving {@code config} for this model
   * ({@link ServeConfig#forModel}: unset settings take {@code modelRoot} and the model's context).
   *
   * @param baseAdapter what the served model name runs with: {@link Adapter#NONE} or a startup adapter
   * @param tokenizer null for a checkpoint without tokenizer files (token-id prompts only)
   * @param modelRoot shown as the base model's {@code root} in {@code /v1/models}; its name unless the config sets one
   * @throws IOException when the address cannot be bound
   */
  public static OpenAiServer start(ServeConfig config, Qwen3Model model, Adapter baseAdapter, QwenTokenizer tokenizer,
      String modelRoot) throws IOException {
    config = config.forModel(modelRoot, model.config().maxPositionEmbeddings());
    HttpServer http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
    Batcher batcher = new Batcher(new Generator(model), config.maxBatch(), new PrefixStore(model));
    AdapterRegistry models = new AdapterRegistry(config.servedModelName(), modelRoot, baseAdapter, model, batcher);
    TokenText text = new TokenText(tokenizer, model.config().vocabSize());
    Random seedSource = new Random(config.seed());
    LongSupplier seeds = () -> {
      synchronized (seedSource) {
        return seedSource.nextLong();
      }
    };
    ObjectMapper json = new ObjectMapper();
    String key = config.apiKey();
    http.createContext("/", ModelEndpoints.notFound(json, key));
    http.createContext("/v1/models", ModelEndpoints.list(json, key, models, config.maxModelLen()));
    http.createContext("/v1/load_lora_adapter", ModelEndpoints.load(json, key, models));
    http.createContext("/v1/unload_lora_adapter", ModelEndpoints.unload(json, key, models));
    http.createContext("/v1/completions",
        new CompletionsEndpoint(json, key, models, batcher, text, config.maxModelLen(), seeds));
    http.createContext("/v1/chat/completions",
        new ChatCompletionsEndpoint(json, key, models, batcher, text, config.maxModelLen(), config.defaultMaxTokens(), seeds));
    // Request threads mostly wait for the batcher: enough of them to fill a few batches.
    ExecutorService requests = Executors.newFixedThreadPool(Math.max(16, 4 * config.maxBatch()), r -> {
      Thread t = new Thread(r, "serve-request");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(requests);
    http.start();
    LOG.info("serving {} on {}:{} (max batch {}, {})", config.servedModelName(), config.host(), http.getAddress().getPort(),
        config.maxBatch(), tokenizer == null ? "token-id prompts only: no tokenizer.json" : "with tokenizer");
    return new OpenAiServer(http, requests, batcher, models, config.host());
  }

  /** The bound port (the free one picked for port 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://HOST:PORT/v1}, what an OpenAI client takes as its base URL. */
  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port() + "/v1";
  }

  /** Blocks until {@link #close} is called (from a shutdown hook or another thread). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** The most sequences generated together so far (tests check that batching happens). */
  int largestBatch() {
    return batcher.largestBatch();
  }

  /**
   * Stops serving: pending requests get HTTP 503, the batch in flight ends at its next token,
   * loaded adapters are closed. Idempotent. The model is the caller's to close afterwards.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed.getCount() == 0) {
        return;
      }
      batcher.close();
      http.stop(1); // waits up to a second for answers being written
      requests.shutdownNow();
      try {
        requests.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      models.close();
      closed.countDown();
    }
    LOG.info("stopped serving");
  }
}

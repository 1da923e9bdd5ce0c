package ai.thinkact.eval;

import ai.thinkact.data.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Completions from an OpenAI-compatible server: one chat-completions request per sample, with up to
 * {@code concurrency} requests in flight (servers batch concurrent requests themselves).
 */
public final class EndpointCompletions implements CompletionSource {
  private final OpenAiChatClient client;
  private final List<Sample> samples;
  private final int concurrency;

  public EndpointCompletions(OpenAiChatClient client, List<Sample> samples, int concurrency) {
    if (concurrency <= 0) {
      throw new IllegalArgumentException("concurrency must be > 0, got " + concurrency);
    }
    this.client = client;
    this.samples = List.copyOf(samples);
    this.concurrency = concurrency;
  }

  @Override
  public int size() {
    return samples.size();
  }

  @Override
  public List<Prediction> completions(IntConsumer progress) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "endpoint-request");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<String>> futures = new ArrayList<>(samples.size());
      for (Sample sample : samples) {
        futures.add(pool.submit(() -> client.complete(sample.messages(), sample.tools())));
      }
      List<Prediction> records = new ArrayList<>(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        Sample sample = samples.get(i);
        records.add(new Prediction(sample.id(), sample.domain(), sample.target(), await(futures.get(i), sample)));
        progress.accept(i + 1);
      }
      return records;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String await(Future<String> future, Sample sample) throws IOException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw new IOException("sample " + sample.id() + ": " + io.getMessage(), io);
      }
      throw new IllegalStateException("sample " + sample.id() + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}

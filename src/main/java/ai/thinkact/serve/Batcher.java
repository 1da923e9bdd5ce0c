package ai.thinkact.serve;

import ai.thinkact.model.Adapter;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.GenerationRow;
import ai.thinkact.model.Generator;
import ai.thinkact.model.PrefixStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches concurrent requests into one {@link Generator} call. One worker thread, the only thread
 * that runs the model, takes the oldest queued row and every later row for the same adapter (up to
 * {@code maxBatch} rows), generates them together and completes their futures. Rows of one request
 * may land in different batches; each row carries its own settings and Random, so a row's answer
 * does not depend on its batch (greedy: up to float rounding of the padded attention).
 *
 * <p>Rows with the same prompt, and a prefix all rows of a batch share, are prefilled once; the
 * shared prefix is kept for later batches of the same adapter ({@link PrefixStore}), so requests
 * with one system prompt and tool list prefill it once. There is no continuous batching: a batch runs until its longest row ends, and rows queued
 * meanwhile wait for the next batch. Tasks queued with {@link #afterQueued} run on the worker
 * after every row queued before them (unloading an adapter closes it there, never under a batch).
 */
final class Batcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

  /** What the worker takes from the queue: a row to generate, or a task. */
  private sealed interface Item permits Row, Task {}

  private record Row(Adapter adapter, GenerationRow row, CompletableFuture<GenerationResult> result) implements Item {}

  private record Task(Runnable action) implements Item {}

  private final Generator generator;
  private final PrefixStore prefixes;
  private final int maxBatch;
  private final ArrayDeque<Item> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final Thread worker;
  private volatile boolean closed;
  private volatile int largestBatch;

  /**
   * @param prefixes keeps the last batch's shared prompt prefix (a system prompt and tools) for the
   *     next batches of the same adapter; used only by the worker, closed by {@link #close()}; null for none
   */
  Batcher(Generator generator, int maxBatch, PrefixStore prefixes) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    }
    this.generator = generator;
    this.prefixes = prefixes;
    this.maxBatch = maxBatch;
    this.worker = new Thread(this::work, "serve-batcher");
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /**
   * Queues {@code rows}; the future completes with one result per row, in order, when the last
   * one is done, or fails with the generator's exception (or HTTP 503 when the server closes).
   */
  CompletableFuture<List<GenerationResult>> submit(Adapter adapter, List<GenerationRow> rows) {
    List<CompletableFuture<GenerationResult>> futures = new ArrayList<>(rows.size());
    lock.lock();
    try {
      if (closed) {
        throw closing();
      }
      for (GenerationRow row : rows) {
        CompletableFuture<GenerationResult> future = new CompletableFuture<>();
        futures.add(future);
        queue.add(new Row(adapter, row, future));
      }
      queued.signal();
    } finally {
      lock.unlock();
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
  }

  /** Runs {@code action} on the worker once everything queued before it is done. */
  void afterQueued(Runnable action) {
    lock.lock();
    try {
      if (closed) {
        action.run();
        return;
      }
      queue.add(new Task(action));
      queued.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The most rows generated together so far. */
  int largestBatch() {
    return largestBatch;
  }

  private void work() {
    while (true) {
      List<Row> batch = new ArrayList<>();
      Task task = null;
      lock.lock();
      try {
        while (queue.isEmpty() && !closed) {
          queued.awaitUninterruptibly();
        }
        if (closed) {
          return;
        }
        if (queue.peekFirst() instanceof Task t) {
          task = t;
          queue.pollFirst();
        } else {
          Adapter adapter = ((Row) queue.peekFirst()).adapter();
          for (Iterator<Item> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Item item = it.next();
            if (item instanceof Task) {
              break; // rows behind a task wait for it
            }
            Row row = (Row) item;
            if (row.adapter() == adapter) {
              batch.add(row);
              it.remove();
            }
          }
        }
      } finally {
        lock.unlock();
      }
      if (task != null) {
        runTask(task);
      } else {
        generate(batch);
      }
    }
  }

  private void generate(List<Row> batch) {
    List<GenerationRow> rows = new ArrayList<>(batch.size());
    for (Row r : batch) {
      GenerationRow row = r.row();
      // Closing ends every row at its next token, so shutdown does not wait for long answers.
      rows.add(new GenerationRow(row.prompt(), row.settings(), row.random(), row.logprobs(),
          ids -> closed || (row.stopAfter() != null && row.stopAfter().test(ids))));
    }
    largestBatch = Math.max(largestBatch, rows.size());
    long start = System.nanoTime();
    try {
      List<GenerationResult> results = generator.generateRows(rows, batch.get(0).adapter(), prefixes);
      LOG.debug("generated {} rows in {} ms", rows.size(), (System.nanoTime() - start) / 1_000_000);
      for (int i = 0; i < batch.size(); i++) {
        if (closed) {
          batch.get(i).result().completeExceptionally(closing());
        } else {
          batch.get(i).result().complete(results.get(i));
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.error("generation of {} rows failed", rows.size(), e);
      for (Row r : batch) {
        r.result().completeExceptionally(e);
      }
    }
  }

  private static void runTask(Task task) {
    try {
      task.action().run();
    } catch (RuntimeException e) {
      LOG.error("batcher task failed", e);
    }
  }

  private static ApiException closing() {
    return new ApiException(503, "ServiceUnavailableError", null, "the server is shutting down");
  }

  /**
   * Stops the worker after its current batch (whose rows end at their next token), fails every
   * queued row with HTTP 503 and runs the queued tasks (so unloaded adapters get closed).
   */
  @Override
  public void close() {
    List<Item> left;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      left = new ArrayList<>(queue);
      queue.clear();
      queued.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (worker.isAlive()) { // the model must not be closed under a running batch
      try {
        worker.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (prefixes != null) {
      prefixes.close();
    }
    for (Item item : left) {
      if (item instanceof Row row) {
        row.result().completeExceptionally(closing());
      } else {
        runTask((Task) item);
      }
    }
  }
}

package ai.thinkact.eval;

import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.training.AdamW;
import ai.thinkact.training.AdamWConfig;
import ai.thinkact.training.AdapterWeights;
import ai.thinkact.training.LmBatch;
import ai.thinkact.training.LmStep;
import java.util.List;
import java.util.Random;

/**
 * The bench's SFT step ({@link LmStep}: forward, vocabulary-chunked cross-entropy, backward into a
 * fresh LoRA adapter, global-norm clipping, AdamW) on {@link Bench#trainBatches}: one setup for
 * the timed runs and the profiled one, so both measure the same work.
 */
final class SftBenchStep implements AutoCloseable {
  private static final double LEARNING_RATE = 1e-4;
  private static final double MAX_GRAD_NORM = 1.0;

  private final LoraAdapter lora;
  private final AdamW optimizer;
  private final LmStep step;
  private final List<LmBatch> batches;

  SftBenchStep(Qwen3Model model, Bench.Workload work) {
    this.lora = LoraAdapter.create(model.config(), Bench.BENCH_LORA, model.device(), new Random(5));
    this.optimizer = new AdamW(new AdapterWeights(lora, "base").parameters(), AdamWConfig.torchDefaults());
    this.step = new LmStep(model, new AdapterWeights(lora, "base"), optimizer, MAX_GRAD_NORM);
    this.batches = Bench.trainBatches(model, work);
  }

  /** One optimizer step on the batch. */
  void run() {
    step.step(batches, LEARNING_RATE);
  }

  @Override
  public void close() {
    optimizer.close();
    lora.close();
  }
}

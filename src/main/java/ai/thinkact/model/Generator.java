package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Batched generation with a KV cache: prompts are left-padded into one batch, prefilled once,
 * then decoded one token per step for all rows together. Rows that finished keep being fed a pad
 * token (their outputs are ignored) until every row is done or the budget is spent.
 *
 * <p>Memory: each call runs in its own sub-manager of the model's manager and each decode step in
 * a sub-manager of that, so nothing outlives the call (DJL_NOTES pitfalls 2 and 8).
 */
public final class Generator {

  private final Qwen3Model model;

  public Generator(Qwen3Model model) {
    this.model = model;
  }

  /** Generates with a {@link Random} seeded from {@code settings.seed()}. */
  public List<GenerationResult> generate(List<int[]> prompts, SamplingSettings settings, Adapter adapter) {
    return generate(prompts, settings, adapter, new Random(settings.seed()));
  }

  /**
   * Generates a continuation for every prompt.
   *
   * @param prompts token ids, any lengths (each non-empty)
   * @param random drawn from for sampling (unused when greedy); pass one Random per run so that
   *     successive calls differ but a run is repeatable
   * @return one result per prompt, in order
   */
  public List<GenerationResult> generate(List<int[]> prompts, SamplingSettings settings, Adapter adapter, Random random) {
    int b = prompts.size();
    TokenBatch prompt = TokenBatch.leftPadded(prompts);
    int maxNew = settings.maxNewTokens();
    int[][] out = new int[b][maxNew];
    int[] produced = new int[b];
    FinishReason[] reasons = new FinishReason[b];
    int[] positions = new int[b];
    for (int i = 0; i < b; i++) {
      positions[i] = prompts.get(i).length;
    }
    try (NDManager call = model.manager().newSubManager();
        KvCache cache = new KvCache(call, model.config(), b, prompt.length() + maxNew, model.dataType())) {
      int[] next;
      try (NDManager step = call.newSubManager()) {
        NDArray hidden = model.forward(step, prompt, adapter, cache); // (B, T, hidden)
        NDArray last = hidden.get(new NDIndex(":, -1, :")); // (B, hidden)
        next = choose(model.fewRowLogits(last), settings, random);
      }
      for (int n = 0; ; n++) {
        boolean anyRunning = false;
        for (int i = 0; i < b; i++) {
          if (reasons[i] != null) {
            next[i] = TokenBatch.PAD_ID;
            continue;
          }
          out[i][produced[i]++] = next[i];
          if (settings.stopIds().contains(next[i])) {
            reasons[i] = FinishReason.STOP;
          } else if (produced[i] == maxNew) {
            reasons[i] = FinishReason.LENGTH;
          } else {
            anyRunning = true;
          }
        }
        if (!anyRunning) {
          break;
        }
        try (NDManager step = call.newSubManager()) {
          NDArray hidden = model.forward(step, TokenBatch.step(next, positions), adapter, cache); // (B, 1, hidden)
          next = choose(model.fewRowLogits(hidden.reshape(b, model.config().hiddenSize())), settings, random);
        }
        for (int i = 0; i < b; i++) {
          positions[i]++;
        }
      }
    }
    List<GenerationResult> results = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      results.add(new GenerationResult(Arrays.copyOf(out[i], produced[i]), reasons[i]));
    }
    return results;
  }

  /** Next token per row from {@code (B, V)} float32 logits. */
  private static int[] choose(NDArray logits, SamplingSettings settings, Random random) {
    int b = (int) logits.getShape().get(0);
    int vocab = (int) logits.getShape().get(1);
    int[] next = new int[b];
    if (settings.greedy()) {
      long[] ids = logits.argMax(1).toLongArray(); // first maximum: ties go to the lowest id
      for (int i = 0; i < b; i++) {
        next[i] = (int) ids[i];
      }
      return next;
    }
    float[] values = logits.toFloatArray(); // (B*V)
    for (int i = 0; i < b; i++) {
      next[i] = TokenSampler.sample(values, i * vocab, vocab, settings, random);
    }
    return next;
  }
}

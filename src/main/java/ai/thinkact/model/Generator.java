package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Batched generation with a KV cache: prompts are left-padded into one batch, prefilled once
 * (rows with the same prompt, and a long prefix all prompts share, only once: {@link PrefixSharing}),
 * then decoded one token per step for all rows together. Rows that finished keep being fed a pad
 * token (their outputs are ignored) until every row is done or the budget is spent.
 *
 * <p>Each row may have its own sampling settings, budget, random source and log-probability
 * request ({@link GenerationRow}); {@link #generate} is the common case of one setting for all.
 *
 * <p>Memory: each call runs in its own sub-manager of the model's manager and each decode step in
 * a sub-manager of that, so nothing outlives the call (a result lands in its first operand's manager; closing promptly keeps per-op cost low).
 */
public final class Generator {

  private final Qwen3Model model;
  private final boolean sharePrefixes;

  /** A generator that prefills once what rows share ({@link PrefixSharing}). */
  public Generator(Qwen3Model model) {
    this(model, true);
  }

  /** @param sharePrefixes false: prefill every row's whole prompt (the reference the sharing is tested against) */
  Generator(Qwen3Model model, boolean sharePrefixes) {
    this.model = model;
    this.sharePrefixes = sharePrefixes;
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
    return generateRows(rows(prompts, settings, random), adapter, null);
  }

  /**
   * Generates with a {@link Random} seeded from {@code settings.seed()}, starting from {@code store}'s
   * prefix where the prompts share it and keeping theirs there ({@link PrefixStore}: eval's batches).
   */
  public List<GenerationResult> generate(List<int[]> prompts, SamplingSettings settings, Adapter adapter, PrefixStore store) {
    return generateRows(rows(prompts, settings, new Random(settings.seed())), adapter, store);
  }

  private static List<GenerationRow> rows(List<int[]> prompts, SamplingSettings settings, Random random) {
    List<GenerationRow> rows = new ArrayList<>(prompts.size());
    for (int[] prompt : prompts) {
      rows.add(GenerationRow.of(prompt, settings, random));
    }
    return rows;
  }

  /**
   * Generates a continuation for every row, each under its own settings.
   *
   * @return one result per row, in order; with log-probabilities for the rows that asked
   */
  public List<GenerationResult> generateRows(List<GenerationRow> rows, Adapter adapter) {
    return generateRows(rows, adapter, null);
  }

  /** {@link #generateRows(List, Adapter)} with a prefix store (null: none). */
  public List<GenerationResult> generateRows(List<GenerationRow> rows, Adapter adapter, PrefixStore store) {
    int b = rows.size();
    List<int[]> prompts = new ArrayList<>(b);
    int maxNew = 0;
    int topK = -1;
    for (GenerationRow row : rows) {
      prompts.add(row.prompt());
      maxNew = Math.max(maxNew, row.settings().maxNewTokens());
      topK = Math.max(topK, row.logprobs());
    }
    int[][] out = new int[b][];
    StepLogprobs[][] logprobs = new StepLogprobs[b][];
    int[] produced = new int[b];
    FinishReason[] reasons = new FinishReason[b];
    int[] positions = new int[b];
    for (int i = 0; i < b; i++) {
      GenerationRow row = rows.get(i);
      out[i] = new int[row.settings().maxNewTokens()];
      logprobs[i] = row.logprobs() >= 0 ? new StepLogprobs[row.settings().maxNewTokens()] : null;
      positions[i] = row.promptLength();
    }
    try (NDManager call = model.manager().newSubManager()) {
      KvCache cache; // in a sub-manager of call
      int[] next;
      StepLogprobs[] stepLogprobs;
      try (NDManager step = call.newSubManager()) {
        PrefixSharing.Prefilled prefilled = PrefixSharing.prefill(model, call, step, prompts, maxNew, adapter, sharePrefixes,
            store);
        cache = prefilled.cache();
        NDArray logits = model.fewRowLogits(prefilled.last()); // (B, V) float32
        next = choose(logits, rows);
        stepLogprobs = topK >= 0 ? logprobs(step, logits, next, rows, topK) : null;
      }
      while (true) {
        boolean anyRunning = false;
        for (int i = 0; i < b; i++) {
          if (reasons[i] != null) {
            next[i] = TokenBatch.PAD_ID;
            continue;
          }
          GenerationRow row = rows.get(i);
          if (logprobs[i] != null) {
            logprobs[i][produced[i]] = stepLogprobs[i];
          }
          out[i][produced[i]++] = next[i];
          if (row.settings().stopIds().contains(next[i])) {
            reasons[i] = FinishReason.STOP;
          } else if (produced[i] == row.settings().maxNewTokens()) {
            reasons[i] = FinishReason.LENGTH;
          } else if (row.stopAfter() != null && row.stopAfter().test(Arrays.copyOf(out[i], produced[i]))) {
            reasons[i] = FinishReason.STOP;
          } else {
            anyRunning = true;
          }
        }
        if (!anyRunning) {
          break;
        }
        try (NDManager step = call.newSubManager()) {
          NDArray hidden = model.forward(step, TokenBatch.step(next, positions), adapter, cache); // (B, 1, hidden)
          NDArray logits = model.fewRowLogits(hidden.reshape(b, model.config().hiddenSize())); // (B, V) float32
          next = choose(logits, rows);
          stepLogprobs = topK >= 0 ? logprobs(step, logits, next, rows, topK) : null;
        }
        for (int i = 0; i < b; i++) {
          positions[i]++;
        }
      }
    }
    List<GenerationResult> results = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      TokenLogprobs lp = logprobs[i] == null ? null : collect(logprobs[i], produced[i]);
      results.add(new GenerationResult(Arrays.copyOf(out[i], produced[i]), reasons[i], lp));
    }
    return results;
  }

  /**
   * Next token per row from {@code (B, V)} float32 logits: argmax for greedy rows (on the device,
   * ties to the lowest id), a draw in Java for sampled rows, each from its row's Random in row order.
   */
  private static int[] choose(NDArray logits, List<GenerationRow> rows) {
    int b = rows.size();
    int vocab = (int) logits.getShape().get(1);
    boolean anyGreedy = false;
    boolean anySampled = false;
    for (GenerationRow row : rows) {
      anyGreedy |= row.settings().greedy();
      anySampled |= !row.settings().greedy();
    }
    int[] next = new int[b];
    if (anyGreedy) {
      long[] ids = logits.argMax(1).toLongArray(); // first maximum: ties go to the lowest id
      for (int i = 0; i < b; i++) {
        next[i] = (int) ids[i];
      }
    }
    if (anySampled) {
      float[] values = logits.toFloatArray(); // (B*V)
      for (int i = 0; i < b; i++) {
        GenerationRow row = rows.get(i);
        if (!row.settings().greedy()) {
          next[i] = TokenSampler.sample(values, i * vocab, vocab, row.settings(), row.random());
        }
      }
    }
    return next;
  }

  /** One step's log-probabilities of one row: the chosen token's, and the top-k ids and values. */
  private record StepLogprobs(float chosen, int[] topIds, float[] topValues) {}

  /**
   * {@code log_softmax(logits / T_row)} at the chosen ids, and its {@code topK} largest entries:
   * the same arithmetic as {@link LogProbs#of} (float32, divide then log-softmax).
   */
  private static StepLogprobs[] logprobs(NDManager step, NDArray logits, int[] next, List<GenerationRow> rows, int topK) {
    int b = rows.size();
    topK = Math.min(topK, (int) logits.getShape().get(1));
    float[] temperatures = new float[b];
    long[] chosenIds = new long[b];
    for (int i = 0; i < b; i++) {
      temperatures[i] = rows.get(i).logprobTemperature();
      chosenIds[i] = next[i];
    }
    NDArray t = step.create(temperatures, new Shape(b, 1)); // (B, 1)
    NDArray logProbs = logits.div(t).logSoftmax(1); // (B, V)
    float[] chosen = logProbs.gather(step.create(chosenIds, new Shape(b, 1)), 1).toFloatArray(); // (B)
    float[] topValues = new float[0];
    long[] topIds = new long[0];
    if (topK > 0) {
      NDList top = logProbs.topK(topK, 1, true, true); // values (B, k), indices (B, k)
      topValues = top.get(0).toType(DataType.FLOAT32, false).toFloatArray();
      topIds = top.get(1).toType(DataType.INT64, false).toLongArray();
    }
    StepLogprobs[] out = new StepLogprobs[b];
    for (int i = 0; i < b; i++) {
      int k = Math.min(topK, Math.max(0, rows.get(i).logprobs()));
      int[] ids = new int[k];
      float[] values = new float[k];
      for (int j = 0; j < k; j++) {
        ids[j] = (int) topIds[i * topK + j];
        values[j] = topValues[i * topK + j];
      }
      out[i] = new StepLogprobs(chosen[i], ids, values);
    }
    return out;
  }

  private static TokenLogprobs collect(StepLogprobs[] steps, int produced) {
    float[] chosen = new float[produced];
    int[][] ids = new int[produced][];
    float[][] values = new float[produced][];
    for (int s = 0; s < produced; s++) {
      chosen[s] = steps[s].chosen();
      ids[s] = steps[s].topIds();
      values[s] = steps[s].topValues();
    }
    return new TokenLogprobs(chosen, ids, values);
  }
}

package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Per-token log-probabilities of completions, {@code log_softmax(logits / T)[token]} as TRL's
 * {@code _get_per_token_logps} computes them (temperature divides the logits first): the one
 * function behind GRPO's old, reference and policy log-probs and {@code thinkact score}. Only the
 * completion positions go through the LM head, and over the vocabulary in blocks
 * ({@link ChunkedCrossEntropy}), so the {@code (rows, V)} logits of a 151k-word vocabulary never
 * exist at once: a full {@code log_softmax} over them, its backward and the entropy's pass cost a
 * GRPO update of the {@code small} preset about 1.5 s in fresh-memory page faults and
 * memory-bound element-wise ops ({@code bench --profile}, docs/performance.md).
 *
 * <p>Gradients flow to the adapter when a {@code GradientCollector} is open: the blocks give each
 * row's exact gradient {@code g_i = d logp_i / d h_i = (W[token_i] - E_p[W]) / T}, and the
 * returned value is {@code logp_i + h_i . g_i - stop(h_i . g_i)}, which equals {@code logp_i} and
 * has that gradient, so any loss of the log-probs backpropagates exactly (first derivatives; the
 * LM head weight itself gets none, as it is frozen in every LoRA stage).
 *
 * <p>Optionally it also sums the policy's token entropy, which TRL logs, from the same blocks.
 */
public final class LogProbs {

  /**
   * @param logps {@code (B, C)} float32 in the caller's scope, {@code C} the longest completion;
   *     entries past a completion's end are exactly 0
   * @param entropySum sum over completion tokens of the entropy (nats); NaN when not asked for
   * @param tokens completion tokens scored
   */
  public record Result(NDArray logps, double entropySum, long tokens) {

    /** One float array per completion, trimmed to its length. */
    public float[][] rows(List<PromptCompletion> items) {
      float[] flat = logps.toType(DataType.FLOAT32, false).toFloatArray();
      int width = (int) logps.getShape().get(1);
      float[][] out = new float[items.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = Arrays.copyOfRange(flat, i * width, i * width + items.get(i).completionIds().length);
      }
      return out;
    }
  }

  private LogProbs() {}

  /** Scores a batch of prompt + completion pairs (right-padded internally). */
  public static Result of(Qwen3Model model, NDManager scope, List<PromptCompletion> items, float temperature,
      Adapter adapter, boolean withEntropy) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    int b = items.size();
    int width = items.stream().mapToInt(i -> i.completionIds().length).max().orElseThrow();
    TokenBatch batch = TokenBatch.rightPadded(items.stream().map(PromptCompletion::sequence).toList());
    int t = batch.length();
    // Row i*C + j reads the hidden state just before completion token j; padding reads row 0.
    long[] rows = new long[b * width];
    long[] targets = new long[b * width];
    float[] mask = new float[b * width];
    long tokens = 0;
    for (int i = 0; i < b; i++) {
      PromptCompletion item = items.get(i);
      int promptLength = item.promptIds().length;
      for (int j = 0; j < item.completionIds().length; j++) {
        rows[i * width + j] = (long) i * t + promptLength - 1 + j;
        targets[i * width + j] = item.completionIds()[j];
        mask[i * width + j] = 1f;
        tokens++;
      }
    }
    NDArray hidden = model.hiddenStates(scope, batch, adapter); // (B, T, hidden)
    NDArray flat = hidden.reshape(-1, model.config().hiddenSize()); // (B*T, hidden)
    NDArray picked = flat.get(scope.create(rows)); // (B*C, hidden), records gradients when a collector is open
    NDArray detached = picked.stopGradient(); // (B*C, hidden)
    ChunkedCrossEntropy.Scores scores = ChunkedCrossEntropy.adaptive(model.lmHeadWeight())
        .score(scope, detached, targets, temperature, withEntropy);
    NDArray maskArray = scope.create(mask, new Shape((long) b * width)); // (B*C)
    double entropySum = withEntropy ? sum(scores.entropy().mul(maskArray)) : Double.NaN;
    NDArray rowGradient = scores.gradient(scope.ones(new Shape((long) b * width))); // (B*C, hidden), constant
    // logp + h.g - stop(h.g): the value of logp, the gradient g with respect to h.
    NDArray linear = picked.mul(rowGradient.toType(picked.getDataType(), false)).sum(new int[] {1}); // (B*C)
    NDArray withGradient = scores.logProbs().add(linear.sub(linear.stopGradient()).toType(DataType.FLOAT32, false)); // (B*C)
    return new Result(withGradient.mul(maskArray).reshape(b, width), entropySum, tokens); // (B, C)
  }

  private static double sum(NDArray values) {
    try (NDArray s = values.toType(DataType.FLOAT64, false).sum()) {
      return s.getDouble();
    }
  }
}

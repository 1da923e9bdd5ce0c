package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Per-token log-probabilities of completions, {@code log_softmax(logits / T)[token]} as TRL's
 * {@code _get_per_token_logps} computes them (temperature divides the logits first): the one
 * function behind GRPO's old, reference and policy log-probs and {@code thinkact score}. Only the
 * completion positions go through the LM head, in row chunks, so a 151k-word vocabulary does not
 * need {@code (B, T, V)} logits. Gradients flow to the adapter when a {@code GradientCollector} is
 * open.
 *
 * <p>Optionally it also sums the policy's token entropy, which TRL logs: one more pass over the
 * {@code (rows, V)} log-probabilities already in memory, from detached values, so it adds nothing
 * to backward.
 */
public final class LogProbs {

  /** Rows of hidden states sent through the LM head at once (bounds the (rows, V) logits). */
  private static final int ROW_CHUNK = 1024;

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
    NDArray temperatureArray = scope.full(new Shape(), temperature, DataType.FLOAT32); // ()
    NDArray maskArray = scope.create(mask, new Shape((long) b * width)); // (B*C)
    NDList chunks = new NDList();
    double entropySum = withEntropy ? 0 : Double.NaN;
    for (int start = 0; start < rows.length; start += ROW_CHUNK) {
      int end = Math.min(rows.length, start + ROW_CHUNK);
      NDArray picked = flat.get(scope.create(Arrays.copyOfRange(rows, start, end))); // (n, hidden)
      NDArray logits = model.logits(picked); // (n, V)
      if (temperature != 1f) {
        logits = logits.div(temperatureArray); // (n, V)
      }
      NDArray logProbs = logits.logSoftmax(-1); // (n, V)
      NDArray target = scope.create(Arrays.copyOfRange(targets, start, end)).reshape(-1, 1); // (n, 1)
      chunks.add(logProbs.gather(target, 1).reshape(-1)); // (n)
      if (withEntropy) {
        entropySum += entropy(scope, logProbs, maskArray.get(start + ":" + end));
      }
    }
    NDArray all = chunks.size() == 1 ? chunks.singletonOrThrow() : NDArrays.concat(chunks, 0); // (B*C)
    return new Result(all.mul(maskArray).reshape(b, width), entropySum, tokens); // (B, C)
  }

  /** Sum over the masked rows of {@code -sum_v p log p}, from detached values. */
  private static double entropy(NDManager scope, NDArray logProbs, NDArray rowMask) {
    try (NDManager tmp = scope.newSubManager()) {
      NDArray detached = logProbs.stopGradient(); // (n, V)
      detached.attach(tmp);
      NDArray perRow = detached.exp().mul(detached).sum(new int[] {1}).neg(); // (n)
      return perRow.mul(rowMask).sum().toType(DataType.FLOAT64, false).getDouble();
    }
  }
}

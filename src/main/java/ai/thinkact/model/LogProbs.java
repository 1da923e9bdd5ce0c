package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-token log-probabilities of completions, {@code log_softmax(logits / T)[token]} as TRL
 * computes them (temperature divides the logits first). Only the completion positions go through
 * the LM head, in row chunks, so a 151k-word vocabulary does not need {@code (B, T, V)} logits.
 * Gradients flow to the adapter when a {@code GradientCollector} is open.
 */
public final class LogProbs {

  /** Rows of hidden states sent through the LM head at once (bounds the (rows, V) logits). */
  private static final int ROW_CHUNK = 1024;

  private LogProbs() {}

  /**
   * Scores a right-padded batch.
   *
   * @return {@code (B, C)} float32 in {@code scope}, {@code C} the longest completion; entries past
   *     a completion's end are exactly 0
   */
  public static NDArray completionLogprobs(
      Qwen3Model model, NDManager scope, List<PromptCompletion> items, float temperature, Adapter adapter) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
    }
    List<int[]> sequences = new ArrayList<>();
    int width = 0;
    for (PromptCompletion item : items) {
      sequences.add(item.sequence());
      width = Math.max(width, item.completionIds().length);
    }
    TokenBatch batch = TokenBatch.rightPadded(sequences);
    int b = items.size();
    int t = batch.length();
    // Row r = b*C + j reads the hidden state just before completion token j; pads read row 0.
    long[] rows = new long[b * width];
    long[] targets = new long[b * width];
    float[] mask = new float[b * width];
    for (int i = 0; i < b; i++) {
      PromptCompletion item = items.get(i);
      int promptLength = item.promptIds().length;
      for (int j = 0; j < item.completionIds().length; j++) {
        rows[i * width + j] = (long) i * t + promptLength - 1 + j;
        targets[i * width + j] = item.completionIds()[j];
        mask[i * width + j] = 1f;
      }
    }
    NDArray hidden = model.hiddenStates(scope, batch, adapter); // (B, T, hidden)
    NDArray flat = hidden.reshape(-1, model.config().hiddenSize()); // (B*T, hidden)
    NDArray temperatureArray = scope.full(new Shape(), temperature, DataType.FLOAT32);
    NDList chunks = new NDList();
    for (int start = 0; start < rows.length; start += ROW_CHUNK) {
      int end = Math.min(rows.length, start + ROW_CHUNK);
      NDArray index = scope.create(java.util.Arrays.copyOfRange(rows, start, end)); // (n) int64
      NDArray picked = flat.get(index); // (n, hidden)
      NDArray logits = model.logits(picked); // (n, V)
      if (temperature != 1f) {
        logits = logits.div(temperatureArray);
      }
      NDArray logProbs = logits.logSoftmax(-1); // (n, V)
      NDArray target = scope.create(java.util.Arrays.copyOfRange(targets, start, end)).reshape(-1, 1); // (n, 1)
      chunks.add(logProbs.gather(target, 1).reshape(-1)); // (n)
    }
    NDArray all = chunks.size() == 1 ? chunks.singletonOrThrow() : NDArrays.concat(chunks, 0); // (B*C)
    NDArray maskArray = scope.create(mask, new Shape(b, width)); // (B, C)
    return all.reshape(b, width).mul(maskArray); // (B, C)
  }

  /** The {@code (B, C)} result as one float array per completion, trimmed to its length. */
  public static float[][] toRows(NDArray logprobs, List<PromptCompletion> items) {
    float[] flat = logprobs.toType(DataType.FLOAT32, false).toFloatArray();
    int width = (int) logprobs.getShape().get(1);
    float[][] out = new float[items.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = java.util.Arrays.copyOfRange(flat, i * width, i * width + items.get(i).completionIds().length);
    }
    return out;
  }
}

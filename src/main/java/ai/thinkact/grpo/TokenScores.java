package ai.thinkact.grpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.PromptCompletion;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.TokenBatch;
import java.util.Arrays;
import java.util.List;

/**
 * Per-token log-probabilities {@code log_softmax(logits / T)[token]} of completions (the same
 * numbers as {@link ai.thinkact.model.LogProbs}, TRL's {@code _get_per_token_logps}) together with
 * the policy's mean token entropy, which TRL logs and which costs one extra pass over the
 * {@code (rows, V)} log-probabilities already in memory rather than a second LM-head product.
 * The entropy is computed from detached values, so it adds nothing to backward.
 */
final class TokenScores {
  /** Completion positions sent through the LM head at once (bounds the (rows, V) logits). */
  private static final int ROW_CHUNK = 1024;

  private TokenScores() {}

  /**
   * @param logps (B, C) float32 in the scope, 0 past each completion's end; carries the adapter's
   *     gradient when a GradientCollector is open
   * @param entropySum sum over completion tokens of the entropy (nats), NaN when not asked for
   * @param tokens completion tokens scored
   */
  record Result(NDArray logps, double entropySum, long tokens) {}

  static Result score(Qwen3Model model, NDManager scope, List<PromptCompletion> items, float temperature,
      Adapter adapter, boolean withEntropy) {
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
    NDArray inverseTemperature = scope.full(new Shape(), 1f / temperature, DataType.FLOAT32); // ()
    NDArray maskArray = scope.create(mask, new Shape((long) b * width)); // (B*C)
    NDList chunks = new NDList();
    double entropySum = withEntropy ? 0 : Double.NaN;
    for (int start = 0; start < rows.length; start += ROW_CHUNK) {
      int end = Math.min(rows.length, start + ROW_CHUNK);
      NDArray picked = flat.get(scope.create(Arrays.copyOfRange(rows, start, end))); // (n, hidden)
      NDArray logits = model.logits(picked); // (n, V)
      if (temperature != 1f) {
        logits = logits.mul(inverseTemperature); // (n, V)
      }
      NDArray logProbs = logits.logSoftmax(-1); // (n, V)
      NDArray target = scope.create(Arrays.copyOfRange(targets, start, end)).reshape(-1, 1); // (n, 1)
      chunks.add(logProbs.gather(target, 1).reshape(-1)); // (n)
      if (withEntropy) {
        try (NDManager tmp = scope.newSubManager()) {
          NDArray detached = logProbs.stopGradient(); // (n, V)
          detached.attach(tmp);
          NDArray perRow = detached.exp().mul(detached).sum(new int[] {1}).neg(); // (n) entropy
          NDArray rowMask = maskArray.get(start + ":" + end); // (n)
          entropySum += perRow.mul(rowMask).sum().toType(DataType.FLOAT64, false).getDouble();
        }
      }
    }
    NDArray all = chunks.size() == 1 ? chunks.singletonOrThrow() : NDArrays.concat(chunks, 0); // (B*C)
    NDArray logps = all.mul(maskArray).reshape(b, width); // (B, C)
    return new Result(logps, entropySum, tokens);
  }
}

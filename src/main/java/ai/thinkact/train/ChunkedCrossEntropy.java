package ai.thinkact.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * Log-probabilities of label tokens under the LM head, computed over the vocabulary in blocks
 * with an online log-sum-exp, so the {@code (N, V)} logits (151,936 words) never exist at once
 * (DJL_NOTES pitfall 5: about 1.3 s and 1.6 GB less per {@code small} step than a full
 * {@code logSoftmax}).
 *
 * <p>The LM head weight is frozen, so the only gradient needed is the one with respect to the
 * hidden rows, and it has a closed form: {@code d logp_i / d h_i = (W[label_i] - E_i) / T} with
 * {@code E_i = softmax(h_i W^T / T) W} the "expected embedding". It is accumulated in the same
 * pass as the log-sum-exp (flash-attention style rescaling), so each block costs one GEMM for
 * the logits and one for {@code E}, exactly like a full forward and backward. The caller then
 * pushes the gradient into autograd with {@code backward((h * g).sum())}, {@code g} constant:
 * see {@link SftStep}. GRPO reuses the same {@link Scores#gradient} with its own
 * {@code dLoss/dlogp}.
 *
 * <p>Rows must not record gradients (pass {@code hidden.stopGradient()}): nothing here is meant
 * for autograd.
 */
public final class ChunkedCrossEntropy {

  /** Words per block: 4096 keeps the {@code (N, block)} logits small and the GEMMs large. */
  public static final int DEFAULT_CHUNK = 4096;

  private final NDArray lmHead; // (V, hidden)
  private final int chunkSize;

  /**
   * @param lmHead the LM head weight {@code (V, hidden)}, e.g. {@code model.lmHeadWeight()}
   * @param chunkSize words per block
   */
  public ChunkedCrossEntropy(NDArray lmHead, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
    this.lmHead = lmHead;
    this.chunkSize = chunkSize;
  }

  /**
   * The scores of one set of rows.
   *
   * @param logProbs {@code (N)} float32: {@code log softmax(h W^T / T)[label]}
   * @param predicted {@code (N)} int64: the argmax word of each row
   * @param correct how many rows predict their label (for TRL's mean_token_accuracy)
   */
  public record Scores(NDArray logProbs, NDArray predicted, long correct, NDArray labelMinusExpected, NDArray inverseTemperature) {

    /**
     * The gradient with respect to the rows of {@code sum_i dLossDLogProb_i * logp_i}.
     *
     * @param dLossDLogProb {@code (N)} float32, constant
     * @return {@code (N, hidden)} in the manager of {@code dLossDLogProb}
     */
    public NDArray gradient(NDArray dLossDLogProb) {
      NDArray weights = dLossDLogProb.mul(inverseTemperature).expandDims(1); // (N, 1)
      return weights.mul(labelMinusExpected); // (N, hidden)
    }
  }

  /**
   * Scores {@code rows} against {@code labels}.
   *
   * @param rows {@code (N, hidden)} hidden states, not recording gradients
   * @param labels {@code N} word ids
   * @param temperature logits are divided by it first (TRL's sampling temperature); 1 for SFT
   * @return arrays in {@code scope}
   */
  public Scores score(NDManager scope, NDArray rows, long[] labels, float temperature) {
    if (rows.getShape().get(0) != labels.length) {
      throw new IllegalArgumentException(rows.getShape() + " rows for " + labels.length + " labels");
    }
    long vocab = lmHead.getShape().get(0);
    NDArray inverseT = scope.full(new Shape(), 1f / temperature, DataType.FLOAT32); // (), kept alive (pitfall 1)
    NDArray h = rows.getDataType() == lmHead.getDataType() ? rows : rows.toType(lmHead.getDataType(), false);
    if (temperature != 1f) {
      h = h.mul(inverseT.toType(h.getDataType(), false)); // (N, hidden)
    }
    NDArray labelIds = scope.create(labels); // (N) int64
    NDArray labelRows = lmHead.get(labelIds); // (N, hidden), lands in the weights' manager
    labelRows.attach(scope);
    NDArray labelLogits = toFloat32(h.mul(labelRows).sum(new int[] {1})); // (N)

    NDArray runningMax = null; // (N) float32
    NDArray sumExp = null; // (N) float32: sum over seen words of exp(logit - runningMax)
    NDArray weighted = null; // (N, hidden): sum of exp(logit - runningMax) * W[word]
    NDArray best = null; // (N) int64 argmax so far
    for (long start = 0; start < vocab; start += chunkSize) {
      long end = Math.min(vocab, start + chunkSize);
      // Results land in the first operand's manager (the caller's scope, pitfall 2), so the
      // block's temporaries are closed by hand at the end of the block.
      List<NDArray> temps = new ArrayList<>();
      NDArray w = keep(temps, lmHead.get(new NDIndex("{}:{}", start, end))); // (c, hidden) view of the weights
      NDArray logits = keep(temps, Linear.linear(h, w).singletonOrThrow()); // (N, c)
      if (logits.getDataType() != DataType.FLOAT32) {
        logits = keep(temps, logits.toType(DataType.FLOAT32, false));
      }
      NDArray blockMax = keep(temps, logits.max(new int[] {1})); // (N)
      NDArray offset = keep(temps, scope.create(start)); // () int64
      NDArray blockArg = keep(temps, logits.argMax(1)).add(offset); // (N) int64, vocabulary ids
      NDArray newMax = runningMax == null ? blockMax : runningMax.maximum(blockMax); // (N)
      NDArray shifted = keep(temps, logits.sub(keep(temps, newMax.expandDims(1)))); // (N, c)
      NDArray p = keep(temps, shifted.exp()); // (N, c)
      NDArray blockSum = keep(temps, p.sum(new int[] {1})); // (N)
      NDArray pw = p.getDataType() == w.getDataType() ? p : keep(temps, p.toType(w.getDataType(), false));
      NDArray blockWeighted = keep(temps, pw.matMul(w)); // (N, hidden)
      if (runningMax == null) {
        temps.remove(blockMax);
        temps.remove(blockWeighted);
        temps.remove(blockSum);
        runningMax = blockMax;
        sumExp = blockSum;
        weighted = blockWeighted;
        best = blockArg;
      } else {
        NDArray rescale = keep(temps, keep(temps, runningMax.sub(newMax)).exp()); // (N), <= 1
        NDArray newSum = keep(temps, sumExp.mul(rescale)).add(blockSum); // (N)
        NDArray rescaleRows = keep(temps, keep(temps, rescale.expandDims(1)).toType(weighted.getDataType(), false)); // (N, 1)
        NDArray newWeighted = keep(temps, weighted.mul(rescaleRows)).add(blockWeighted); // (N, hidden)
        NDArray better = keep(temps, blockMax.gt(runningMax)); // (N): the first maximum wins ties
        NDArray newBest = NDArrays.where(better, blockArg, best); // (N)
        temps.add(blockArg);
        closeAll(runningMax, sumExp, weighted, best);
        runningMax = newMax;
        sumExp = newSum;
        weighted = newWeighted;
        best = newBest;
      }
      temps.forEach(NDArray::close);
    }
    NDArray logSumExp = runningMax.add(sumExp.log()); // (N)
    NDArray logProbs = labelLogits.sub(logSumExp); // (N)
    NDArray expected = weighted.div(sumExp.expandDims(1).toType(weighted.getDataType(), false)); // (N, hidden)
    NDArray labelMinusExpected = labelRows.sub(expected); // (N, hidden)
    long correct = best.eq(labelIds).toType(DataType.INT64, false).sum().getLong();
    closeAll(runningMax, sumExp, weighted, logSumExp, expected, labelLogits);
    return new Scores(logProbs, best, correct, labelMinusExpected, inverseT);
  }

  private static NDArray keep(List<NDArray> temps, NDArray a) {
    temps.add(a);
    return a;
  }

  private static NDArray toFloat32(NDArray x) {
    return x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
  }

  private static void closeAll(NDArray... arrays) {
    for (NDArray a : arrays) {
      if (a != null) {
        a.close();
      }
    }
  }
}

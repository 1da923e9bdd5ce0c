package ai.thinkact.model;

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
 * (about 1.3 s and 1.6 GB less per {@code small} step than a full
 * {@code logSoftmax}).
 *
 * <p>The LM head weight is frozen, so the only gradient needed is the one with respect to the
 * hidden rows, and it has a closed form: {@code d logp_i / d h_i = (W[label_i] - E_i) / T} with
 * {@code E_i = softmax(h_i W^T / T) W} the "expected embedding". It is accumulated in the same
 * pass as the log-sum-exp (flash-attention style rescaling), so each block costs one GEMM for
 * the logits and one for {@code E}, exactly like a full forward and backward. The caller then
 * pushes the gradient into autograd with {@code backward((h * g).sum())}, {@code g} constant:
 * see {@code training.LmStep}. {@link LogProbs} (GRPO, score) reuses {@link Scores#gradient} with its own
 * {@code dLoss/dlogp}.
 *
 * <p>Rows must not record gradients (pass {@code hidden.stopGradient()}): nothing here is meant
 * for autograd.
 */
public final class ChunkedCrossEntropy {

  /** Words per block at least: 4096 keeps the {@code (N, block)} logits small and the GEMMs large. */
  public static final int DEFAULT_CHUNK = 4096;
  /**
   * Logit elements per block when the block size adapts to the rows: 4M floats (16 MB), so 1,024
   * rows get 4,096-word blocks (the probe's best) and 100 rows get 40k-word blocks (4 blocks
   * instead of 37: with few rows the per-op overhead, not the GEMM, is the cost).
   */
  static final long BLOCK_ELEMENTS = 4L << 20;

  private final NDArray lmHead; // (V, hidden)
  private final int chunkSize;
  private final boolean adaptive;

  /** Blocks of {@link #DEFAULT_CHUNK} words or more, growing when there are few rows. */
  public static ChunkedCrossEntropy adaptive(NDArray lmHead) {
    return new ChunkedCrossEntropy(lmHead, DEFAULT_CHUNK, true);
  }

  /**
   * @param lmHead the LM head weight {@code (V, hidden)}, e.g. {@code model.lmHeadWeight()}
   * @param chunkSize words per block, fixed
   */
  public ChunkedCrossEntropy(NDArray lmHead, int chunkSize) {
    this(lmHead, chunkSize, false);
  }

  private ChunkedCrossEntropy(NDArray lmHead, int chunkSize, boolean adaptive) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
    this.lmHead = lmHead;
    this.chunkSize = chunkSize;
    this.adaptive = adaptive;
  }

  /**
   * The scores of one set of rows.
   *
   * @param logProbs {@code (N)} float32: {@code log softmax(h W^T / T)[label]}
   * @param predicted {@code (N)} int64: the argmax word of each row
   * @param correct how many rows predict their label (for TRL's mean_token_accuracy)
   * @param logSumExp {@code (N)} float32: the log-normaliser of each row (for {@link #addSoftmaxWeightGradient})
   * @param entropy {@code (N)} float32: each row's entropy {@code -sum_v p_v log p_v} in nats, or
   *     null when not asked for
   */
  public record Scores(NDArray logProbs, NDArray predicted, long correct, NDArray labelMinusExpected,
      NDArray inverseTemperature, NDArray logSumExp, NDArray entropy) {

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
    return score(scope, rows, labels, temperature, false);
  }

  /**
   * {@link #score(NDManager, NDArray, long[], float)}, with each row's entropy too when
   * {@code withEntropy}: one more product and sum per block, {@code H = log Z - sum_v e^(l_v - m) (l_v - m) / Z}
   * with {@code Z = sum_v e^(l_v - m)} accumulated beside the log-sum-exp.
   */
  public Scores score(NDManager scope, NDArray rows, long[] labels, float temperature, boolean withEntropy) {
    if (rows.getShape().get(0) != labels.length) {
      throw new IllegalArgumentException(rows.getShape() + " rows for " + labels.length + " labels");
    }
    long vocab = lmHead.getShape().get(0);
    NDArray head = frozenView(scope); // (V, hidden): no autograd graph even when the weights are trained
    NDArray inverseT = scope.full(new Shape(), 1f / temperature, DataType.FLOAT32); // (), kept alive (pitfall 1)
    NDArray h = rows.getDataType() == lmHead.getDataType() ? rows : rows.toType(lmHead.getDataType(), false);
    if (temperature != 1f) {
      h = h.mul(inverseT.toType(h.getDataType(), false)); // (N, hidden)
    }
    NDArray labelIds = scope.create(labels); // (N) int64
    NDArray labelRows = head.get(labelIds); // (N, hidden), lands in the weights' manager
    labelRows.attach(scope);
    NDArray labelLogits = toFloat32(h.mul(labelRows).sum(new int[] {1})); // (N)

    NDArray runningMax = null; // (N) float32
    NDArray sumExp = null; // (N) float32: sum over seen words of exp(logit - runningMax)
    NDArray weighted = null; // (N, hidden): sum of exp(logit - runningMax) * W[word]
    NDArray best = null; // (N) int64 argmax so far
    NDArray shiftedSum = null; // (N) float32: sum over seen words of exp(logit - runningMax) * (logit - runningMax)
    long blockSize = adaptive ? Math.max(chunkSize, BLOCK_ELEMENTS / Math.max(1, labels.length)) : chunkSize;
    for (long start = 0; start < vocab; start += blockSize) {
      long end = Math.min(vocab, start + blockSize);
      // Results land in the first operand's manager (the caller's scope, pitfall 2), so the
      // block's temporaries are closed by hand at the end of the block.
      List<NDArray> temps = new ArrayList<>();
      NDArray w = keep(temps, head.get(new NDIndex("{}:{}", start, end))); // (c, hidden) view of the weights
      NDArray logits = keep(temps, Linear.linear(h, w).singletonOrThrow()); // (N, c)
      if (logits.getDataType() != DataType.FLOAT32) {
        logits = keep(temps, logits.toType(DataType.FLOAT32, false));
      }
      NDArray blockMax = keep(temps, logits.max(new int[] {1})); // (N)
      NDArray offset = keep(temps, scope.create(start)); // () int64
      NDArray blockArg = keep(temps, logits.argMax(1)).add(offset); // (N) int64, vocabulary ids
      NDArray newMax = runningMax == null ? blockMax : runningMax.maximum(blockMax); // (N)
      logits.subi(keep(temps, newMax.expandDims(1))); // (N, c), in place: one (N, c) buffer fewer (pitfall 7)
      NDArray p = keep(temps, logits.exp()); // (N, c)
      NDArray blockSum = keep(temps, p.sum(new int[] {1})); // (N)
      NDArray blockShifted = withEntropy ? keep(temps, keep(temps, p.mul(logits)).sum(new int[] {1})) : null; // (N)
      NDArray pw = p.getDataType() == w.getDataType() ? p : keep(temps, p.toType(w.getDataType(), false));
      NDArray blockWeighted = keep(temps, pw.matMul(w)); // (N, hidden)
      if (runningMax == null) {
        // by identity: NDArray.equals compares contents, and NaN contents equal nothing
        temps.removeIf(a -> a == blockMax || a == blockWeighted || a == blockSum || a == blockShifted);
        shiftedSum = blockShifted;
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
        if (withEntropy) {
          // Old terms move from the old maximum to the new one: e^(m-m') (S + (m - m') Z).
          NDArray moved = keep(temps, keep(temps, runningMax.sub(newMax)).mul(sumExp)); // (N)
          NDArray newShifted = keep(temps, keep(temps, shiftedSum.add(moved)).mul(rescale)).add(blockShifted); // (N)
          shiftedSum.close();
          shiftedSum = newShifted;
        }
        temps.add(blockArg);
        closeAll(runningMax, sumExp, weighted, best);
        runningMax = newMax;
        sumExp = newSum;
        weighted = newWeighted;
        best = newBest;
      }
      temps.forEach(NDArray::close);
    }
    NDArray entropy = null;
    if (withEntropy) {
      NDArray logZ = sumExp.log(); // (N)
      entropy = logZ.sub(shiftedSum.div(sumExp)); // (N)
      closeAll(logZ, shiftedSum);
    }
    NDArray logSumExp = runningMax.add(sumExp.log()); // (N)
    NDArray logProbs = labelLogits.sub(logSumExp); // (N)
    NDArray expected = weighted.div(sumExp.expandDims(1).toType(weighted.getDataType(), false)); // (N, hidden)
    NDArray labelMinusExpected = labelRows.sub(expected); // (N, hidden)
    long correct = best.eq(labelIds).toType(DataType.INT64, false).sum().getLong();
    closeAll(runningMax, sumExp, weighted, expected, labelLogits);
    return new Scores(logProbs, best, correct, labelMinusExpected, inverseT, logSumExp, entropy);
  }

  /**
   * Adds the softmax part of the LM head's weight gradient to {@code gradient}: for
   * {@code L = sum_i w_i logp_i} (temperature 1), {@code dL/dW = sum_i w_i (onehot(label_i) - p_i) h_i};
   * this adds {@code -sum_i w_i p_i h_i}, a second pass over the vocabulary blocks with the
   * log-normalisers of {@link #score}. The label part is left to autograd (a gather of the
   * label rows), see {@code training.LmStep}.
   *
   * @param gradient {@code (V, hidden)}: the LM head weight's gradient, updated in place
   * @param rows {@code (N, hidden)} the scored rows, not recording gradients
   * @param logSumExp {@code (N)} from {@link Scores#logSumExp}
   * @param rowWeights {@code (N)} float32: {@code w_i = dL/dlogp_i}
   */
  public void addSoftmaxWeightGradient(NDManager scope, NDArray gradient, NDArray rows, NDArray logSumExp,
      NDArray rowWeights) {
    long vocab = lmHead.getShape().get(0);
    long n = rows.getShape().get(0);
    List<NDArray> blocks = new ArrayList<>();
    try (NDManager pass = scope.newSubManager()) {
      NDArray head = frozenView(pass); // (V, hidden)
      NDArray weightedRows = rows.mul(rowWeights.expandDims(1)).neg(); // (N, hidden): -w_i h_i
      NDArray lse = logSumExp.expandDims(1); // (N, 1)
      long blockSize = adaptive ? Math.max(chunkSize, BLOCK_ELEMENTS / Math.max(1, n)) : chunkSize;
      for (long start = 0; start < vocab; start += blockSize) {
        long end = Math.min(vocab, start + blockSize);
        try (NDManager block = pass.newSubManager()) {
          NDArray w = head.get(new NDIndex("{}:{}", start, end)); // (c, hidden)
          w.attach(block);
          NDArray logits = Linear.linear(rows, w).singletonOrThrow(); // (N, c)
          logits.attach(block);
          NDArray p = logits.subi(lse).exp(); // (N, c)
          p.attach(block);
          NDArray part = p.transpose().matMul(weightedRows); // (c, hidden)
          part.attach(pass);
          blocks.add(part);
        }
      }
      NDArray full = blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(new ai.djl.ndarray.NDList(blocks), 0); // (V, hidden)
      gradient.addi(full);
    }
  }

  /** The LM head detached from autograd, its handle owned by {@code scope}. */
  private NDArray frozenView(NDManager scope) {
    NDArray view = lmHead.stopGradient(); // shares the storage; lands in the weights' manager
    view.attach(scope);
    return view;
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

package ai.thinkact.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * A sampled softmax (Jean et al. 2015): the loss of a micro-batch normalises over its target
 * words plus {@code samples} other words drawn uniformly without replacement, whose logits get
 * {@code + log(others / samples)} so that their exponentials estimate the sum over all the words
 * they stand for. With a small model and Qwen3's 151,936 words the full normaliser is almost the
 * whole cost of a step that predicts every token (pretraining); 4,096 samples cut it about 30x.
 * Every word is drawn now and then, so words the corpus never uses are still pushed down.
 * With {@code samples} at least the rest of the vocabulary the loss is exactly the full softmax.
 *
 * <p>Gradients flow through plain autograd, including into the LM head rows that were used.
 */
final class SampledSoftmax {
  private final NDArray lmHead; // (V, hidden)
  private final int samples;
  private Random random = new Random(0);

  SampledSoftmax(NDArray lmHead, int samples) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    }
    this.lmHead = lmHead;
    this.samples = samples;
  }

  /** Draws of the next micro-batches come from this seed (one per optimizer step, for exact resume). */
  void reseed(long seed) {
    random = new Random(seed);
  }

  /**
   * The summed log-probabilities of the labels under the sampled normaliser.
   *
   * @param rows {@code (N, hidden)} hidden states, recording gradients
   * @param labels the word each row must predict
   * @return log-probabilities {@code (N)} and how many rows rank their label first among the candidates
   */
  Result logProbs(NDManager scope, NDArray rows, long[] labels) {
    long vocab = lmHead.getShape().get(0);
    long[] targets = Arrays.stream(labels).distinct().sorted().toArray();
    long others = vocab - targets.length;
    int drawn = (int) Math.min(samples, others);
    long[] candidates = Arrays.copyOf(targets, targets.length + drawn);
    if (drawn == others) { // the whole rest of the vocabulary: exact
      int k = targets.length;
      for (long word = 0, t = 0; word < vocab; word++) {
        if (t < targets.length && targets[(int) t] == word) {
          t++;
        } else {
          candidates[k++] = word;
        }
      }
    } else {
      java.util.Set<Long> taken = new java.util.HashSet<>();
      for (long t : targets) {
        taken.add(t);
      }
      for (int k = targets.length; k < candidates.length; ) {
        long word = (long) (random.nextDouble() * vocab);
        if (taken.add(word)) {
          candidates[k++] = word;
        }
      }
    }
    Map<Long, Integer> position = new HashMap<>();
    for (int i = 0; i < targets.length; i++) {
      position.put(targets[i], i);
    }
    float[] correction = new float[candidates.length]; // 0 for targets, log(others / drawn) for samples
    Arrays.fill(correction, targets.length, candidates.length, (float) Math.log((double) others / drawn));
    long[] labelColumn = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      labelColumn[i] = position.get(labels[i]);
    }
    NDArray weights = lmHead.get(scope.create(candidates)); // (K, hidden), lands in the weights' manager
    weights.attach(scope);
    NDArray logits = Linear.linear(rows, weights).singletonOrThrow(); // (N, K)
    if (logits.getDataType() != DataType.FLOAT32) {
      logits = logits.toType(DataType.FLOAT32, false);
    }
    NDArray corrected = logits.add(scope.create(correction, new Shape(1, candidates.length))); // (N, K)
    NDArray logp = corrected.logSoftmax(-1); // (N, K)
    NDArray column = scope.create(labelColumn).reshape(-1, 1); // (N, 1)
    NDArray picked = logp.gather(column, 1).reshape(-1); // (N)
    long correct = logp.argMax(1).eq(column.reshape(-1)).toType(DataType.INT64, false).sum().getLong();
    return new Result(picked, correct);
  }

  /** @param logProbs {@code (N)}, recording gradients */
  record Result(NDArray logProbs, long correct) {}
}

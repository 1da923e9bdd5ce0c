package ai.thinkact.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.Qwen3Model;

/**
 * The plain reference the chunked and sampled losses are checked against: full {@code (N, V)}
 * logits, log-softmax, gather, mean over the batch's target tokens, and autograd's gradients.
 */
final class FullSoftmaxReference {

  private FullSoftmaxReference() {}

  /** The mean next-token loss of {@code batch}; its gradients are left on the trainable arrays. */
  static double lossAndBackward(NDManager scope, Qwen3Model model, LmBatch batch, Adapter adapter) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray hidden = model.hiddenStates(scope, batch.tokens(), adapter).reshape(-1, model.config().hiddenSize());
      NDArray picked = hidden.get(scope.create(batch.rows())); // (N, hidden)
      NDArray logProbs = model.logits(picked).logSoftmax(-1); // (N, V)
      NDArray labels = scope.create(batch.labels()).reshape(-1, 1); // (N, 1)
      NDArray loss = logProbs.gather(labels, 1).sum().neg()
          .div(scope.full(new Shape(), batch.targetTokens(), DataType.FLOAT32)); // ()
      double value = loss.getFloat();
      collector.backward(loss);
      return value;
    }
  }

  /** The largest |want - got| and the largest |want| of two gradients, for a relative tolerance. */
  record Deviation(double maxDiff, double maxAbs) {
    static Deviation of(float[] want, float[] got) {
      double maxAbs = 0;
      double maxDiff = 0;
      for (int i = 0; i < want.length; i++) {
        maxAbs = Math.max(maxAbs, Math.abs(want[i]));
        maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
      }
      return new Deviation(maxDiff, maxAbs);
    }
  }
}

package ai.thinkact.grpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.training.OptimizerStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimisation half of a GRPO step: per micro-batch, the policy's per-token log-probs (with
 * gradient) and {@link GrpoLoss}, backward with the gradients accumulating on the adapter; then
 * {@link OptimizerStep} (clipping, AdamW, zeroed gradients), or a clean skip when nothing can
 * move the weights.
 * Every micro-batch runs in its own sub-manager, closed right after its backward.
 */
final class PolicyUpdate implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdate.class);

  private final Qwen3Model model;
  private final LoraAdapter adapter;
  private final GrpoConfig config;
  private final GrpoLossConfig lossConfig;
  private final OptimizerStep update;
  private final boolean keepOldLogps;

  /**
   * @param keepOldLogps whether completions carry the sampling policy's log-probs (else on-policy:
   *     old = the detached current log-probs)
   */
  PolicyUpdate(Qwen3Model model, LoraAdapter adapter, GrpoConfig config, boolean keepOldLogps) {
    this.model = model;
    this.adapter = adapter;
    this.config = config;
    this.lossConfig = config.loss();
    this.keepOldLogps = keepOldLogps;
    adapter.requireGradients();
    this.update = new OptimizerStep(new ArrayList<>(adapter.namedParameters().values()),
        config.training().weightDecay(), config.training().maxGradNorm());
  }

  void saveOptimizer(Path file) throws IOException {
    update.save(file);
  }

  void loadOptimizer(Path file) throws IOException {
    update.load(file);
  }

  /**
   * What one optimizer step reports; entropy and clip shares are means over its micro-batches.
   * {@code skipped}: no update was made, because nothing could move the weights (every advantage 0)
   * or because the loss or the gradient norm was not finite ({@link #failed}).
   */
  record StepResult(double loss, double gradNorm, double entropy, double kl, double lowClip, double highClip,
      double regionClip, boolean skipped) {
    /** The loss or the gradient norm was not finite: the weights did not move and the run must stop. */
    boolean failed() {
      return skipped && !(Double.isFinite(loss) && Double.isFinite(gradNorm));
    }
  }

  /** Forward and backward over the micro-batches, then clipping and AdamW (or a clean skip). */
  StepResult step(List<List<Rollout.Completion>> microBatches, double learningRate) {
    boolean signal = config.loss().beta() > 0
        || microBatches.stream().flatMap(List::stream).anyMatch(c -> c.advantage() != 0);
    if (!signal) {
      LOG.info("every advantage of this step is zero (all groups rewarded alike): optimizer step skipped");
      return new StepResult(0, 0, Double.NaN, Double.NaN, 0, 0, 0, true);
    }
    double numItems = 0;
    for (List<Rollout.Completion> micro : microBatches) {
      for (Rollout.Completion c : micro) {
        numItems += lossTokens(c);
      }
    }
    double loss = 0, entropySum = 0, kl = 0, low = 0, high = 0, region = 0;
    long tokens = 0;
    adapter.setDropoutActive(true);
    try {
      for (List<Rollout.Completion> micro : microBatches) {
        try (NDManager scope = model.manager().newSubManager()) {
          MicroResult m = backward(scope, micro, numItems, microBatches.size());
          loss += m.value();
          entropySum += m.scores().entropySum();
          tokens += m.scores().tokens();
          kl += m.loss().meanKl() / microBatches.size();
          low += m.loss().lowClipRatio() / microBatches.size();
          high += m.loss().highClipRatio() / microBatches.size();
          region += m.loss().regionClipRatio() / microBatches.size();
        }
      }
    } finally {
      adapter.setDropoutActive(false);
    }
    OptimizerStep.Outcome outcome = update.apply(loss, learningRate);
    return new StepResult(loss, outcome.gradNorm(), tokens == 0 ? Double.NaN : entropySum / tokens, kl, low, high, region,
        !outcome.updated());
  }

  private record MicroResult(double value, GrpoLoss.Result loss, LogProbs.Result scores) {}

  private MicroResult backward(NDManager scope, List<Rollout.Completion> micro, double numItems, int accumulation) {
    int b = micro.size();
    int width = micro.stream().mapToInt(Rollout.Completion::length).max().orElseThrow();
    float[] mask = new float[b * width];
    float[] advantages = new float[b];
    for (int i = 0; i < b; i++) {
      Rollout.Completion c = micro.get(i);
      advantages[i] = (float) c.advantage();
      boolean counted = !(config.maskTruncatedCompletions() && c.truncated());
      for (int j = 0; j < c.length() && counted; j++) {
        mask[i * width + j] = 1f;
      }
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      LogProbs.Result scores = LogProbs.of(model, scope,
          micro.stream().map(Rollout.Completion::tokens).toList(), (float) config.sampling().temperature(), adapter, true);
      NDArray maskArray = scope.create(mask, new Shape(b, width)); // (B, C)
      NDArray old = keepOldLogps ? padded(scope, micro, width, Rollout.Completion::oldLogps) : null; // (B, C)
      NDArray ref = config.loss().beta() > 0 ? padded(scope, micro, width, Rollout.Completion::refLogps) : null; // (B, C)
      NDArray weights = micro.get(0).importanceWeights() == null ? null
          : padded(scope, micro, width, Rollout.Completion::importanceWeights); // (B, C)
      NDArray advantageArray = scope.create(advantages); // (B)
      boolean dapo = config.loss().lossType() == LossType.DAPO;
      GrpoLoss.Result result = GrpoLoss.compute(lossConfig, new GrpoLoss.Inputs(scores.logps(), old, ref, maskArray,
          advantageArray, dapo ? Math.max(1, numItems) : Double.NaN, weights));
      // TRL divides every loss but dapo's (already normalised by the whole step's tokens) by the
      // accumulation steps, so the accumulated gradient is the step's mean.
      NDArray loss = dapo ? result.loss() : result.loss().div(scope.create((float) accumulation)); // ()
      double value = loss.getFloat();
      collector.backward(loss);
      return new MicroResult(value, result, scores);
    }
  }

  /** One float row per completion, zero-padded to {@code width} (the mask keeps padding out). */
  private static NDArray padded(NDManager scope, List<Rollout.Completion> micro, int width,
      java.util.function.Function<Rollout.Completion, float[]> field) {
    float[] values = new float[micro.size() * width];
    for (int i = 0; i < micro.size(); i++) {
      float[] row = field.apply(micro.get(i));
      System.arraycopy(row, 0, values, i * width, row.length);
    }
    return scope.create(values, new Shape(micro.size(), width)); // (B, C)
  }

  private double lossTokens(Rollout.Completion c) {
    return config.maskTruncatedCompletions() && c.truncated() ? 0 : c.length();
  }


  /** Frees the optimizer state. */
  @Override
  public void close() {
    update.close();
  }
}

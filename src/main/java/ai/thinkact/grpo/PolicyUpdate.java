package ai.thinkact.grpo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.thinkact.base.RunFailedException;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.training.AdamW;
import ai.thinkact.training.AdamWConfig;
import ai.thinkact.training.GradientClipping;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimisation half of a GRPO step: per micro-batch, the policy's per-token log-probs (with
 * gradient) and {@link GrpoLoss}, backward with the gradients accumulating on the adapter; then
 * global-norm clipping and one AdamW update, or a clean skip when nothing can move the weights.
 * Every micro-batch runs in its own sub-manager, closed right after its backward.
 */
final class PolicyUpdate implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdate.class);

  private final Qwen3Model model;
  private final LoraAdapter adapter;
  private final GrpoConfig config;
  private final GrpoLossConfig lossConfig;
  private final List<NDArray> parameters;
  private final AdamW optimizer;
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
    this.parameters = new ArrayList<>(adapter.namedParameters().values());
    this.optimizer = new AdamW(parameters, new AdamWConfig(0.9, 0.999, 1e-8, config.training().weightDecay()));
  }

  void saveOptimizer(Path file) throws IOException {
    optimizer.save(file);
  }

  void loadOptimizer(Path file) throws IOException {
    optimizer.load(file);
  }

  /** What one optimizer step reports; entropy and clip shares are means over its micro-batches. */
  record StepResult(double loss, double gradNorm, double entropy, double kl, double lowClip, double highClip,
      double regionClip, boolean skipped) {}

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
    double norm;
    try (NDManager scope = model.manager().newSubManager()) {
      List<NDArray> gradients = new ArrayList<>();
      for (NDArray p : parameters) {
        NDArray g = p.getGradient(); // a handle; the gradient itself stays on p
        g.attach(scope);
        gradients.add(g);
      }
      norm = config.training().maxGradNorm() > 0
          ? GradientClipping.clipGradNorm(gradients, config.training().maxGradNorm())
          : GradientClipping.globalNorm(gradients);
    }
    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
      optimizer.zeroGradients();
      throw new RunFailedException("GRPO loss " + loss + ", gradient norm " + norm
          + ": not finite; lower --learning-rate or check the adapter (the last checkpoint is intact)");
    }
    optimizer.step(learningRate);
    optimizer.zeroGradients();
    return new StepResult(loss, norm, tokens == 0 ? Double.NaN : entropySum / tokens, kl, low, high, region, false);
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
          micro.stream().map(Rollout.Completion::tokens).toList(), (float) config.temperature(), adapter, true);
      NDArray maskArray = scope.create(mask, new Shape(b, width)); // (B, C)
      NDArray old = keepOldLogps ? padded(scope, micro, width, true) : null; // (B, C)
      NDArray ref = config.loss().beta() > 0 ? padded(scope, micro, width, false) : null; // (B, C)
      NDArray advantageArray = scope.create(advantages); // (B)
      boolean dapo = config.loss().lossType() == LossType.DAPO;
      GrpoLoss.Result result = GrpoLoss.compute(lossConfig, new GrpoLoss.Inputs(scores.logps(), old, ref, maskArray,
          advantageArray, dapo ? Math.max(1, numItems) : Double.NaN));
      // TRL divides every loss but dapo's (already normalised by the whole step's tokens) by the
      // accumulation steps, so the accumulated gradient is the step's mean.
      NDArray loss = dapo ? result.loss() : result.loss().div(scope.create((float) accumulation)); // ()
      double value = loss.getFloat();
      collector.backward(loss);
      return new MicroResult(value, result, scores);
    }
  }

  private static NDArray padded(NDManager scope, List<Rollout.Completion> micro, int width, boolean old) {
    float[] values = new float[micro.size() * width];
    for (int i = 0; i < micro.size(); i++) {
      float[] row = old ? micro.get(i).oldLogps() : micro.get(i).refLogps();
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
    optimizer.close();
  }
}

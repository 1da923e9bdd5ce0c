package ai.thinkact.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.base.RunFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The end of every trainer's optimizer step, written once: take the gradients the micro-batches
 * accumulated on the trained weights, clip them to a global L2 norm (torch's
 * {@code clip_grad_norm_}), make one AdamW update when the loss and the norm are finite, and zero
 * the gradients in every case. A step that was not finite leaves the weights as they were; the
 * trainer stops the run with {@link #failure}, one message for every stage.
 */
public final class OptimizerStep implements AutoCloseable {

  /** Optimizer state file inside a checkpoint. */
  public static final String FILE = "optimizer.bin";

  private final AdamW optimizer;
  private final double maxGradNorm;

  /**
   * What one step did.
   *
   * @param gradNorm global gradient norm before clipping (NaN when the loss was not finite)
   * @param updated false when the loss or the norm was not finite and no update was made
   */
  public record Outcome(double gradNorm, boolean updated) {}

  /**
   * @param parameters the trained weights, gradients recorded
   * @param weightDecay decoupled AdamW weight decay; betas and epsilon are PyTorch's defaults
   * @param maxGradNorm global norm to clip to; 0 measures the norm without clipping
   */
  public OptimizerStep(List<NDArray> parameters, double weightDecay, double maxGradNorm) {
    this(new AdamW(parameters, AdamWConfig.withWeightDecay(weightDecay)), maxGradNorm);
  }

  /** Steps {@code optimizer} (over its parameters, in its order); tests pass their own AdamW settings. */
  public OptimizerStep(AdamW optimizer, double maxGradNorm) {
    this.optimizer = optimizer;
    this.maxGradNorm = maxGradNorm;
  }

  /** Clips, updates at {@code learningRate} when {@code loss} and the norm are finite, and zeroes the gradients. */
  public Outcome apply(double loss, double learningRate) {
    try (NDManager scope = optimizer.newScope()) {
      if (!Double.isFinite(loss)) {
        return new Outcome(Double.NaN, false);
      }
      List<NDArray> gradients = optimizer.gradients(scope); // null where a parameter got none (AdamW skips it)
      List<NDArray> present = gradients.stream().filter(Objects::nonNull).toList();
      double norm = maxGradNorm > 0 && !present.isEmpty()
          ? GradientClipping.clipGradNorm(present, maxGradNorm)
          : GradientClipping.globalNorm(present);
      if (!Double.isFinite(norm)) {
        return new Outcome(norm, false);
      }
      optimizer.step(learningRate, gradients);
      return new Outcome(norm, true);
    } finally {
      optimizer.zeroGradients();
    }
  }

  /** Drops the accumulated gradients without an update. */
  public void zeroGradients() {
    optimizer.zeroGradients();
  }

  /** The stopped run's one-line reason: what was not finite, at which step, and the checkpoint to go back to. */
  public static RunFailedException failure(double loss, double gradNorm, long step, Path lastGoodCheckpoint) {
    String what = !Double.isFinite(loss) ? "loss became " + nonFinite(loss) : "gradient norm became " + nonFinite(gradNorm);
    return new RunFailedException(what + " at step " + step + "; last good checkpoint: "
        + (lastGoodCheckpoint == null ? "none (no checkpoint saved yet)" : lastGoodCheckpoint.toString()));
  }

  private static String nonFinite(double v) {
    return Double.isNaN(v) ? "NaN" : "infinite";
  }

  public AdamW optimizer() {
    return optimizer;
  }

  public void save(Path file) throws IOException {
    optimizer.save(file);
  }

  public void load(Path file) throws IOException {
    optimizer.load(file);
  }

  /** Frees the optimizer state. */
  @Override
  public void close() {
    optimizer.close();
  }
}

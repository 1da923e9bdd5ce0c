package ai.thinkact.train;

import ai.thinkact.config.ConfigException;
import java.util.Objects;

/**
 * The learning rate per optimizer step, as the HF Trainer's {@code get_scheduler} computes it
 * ({@code LambdaLR}: the rate of step k, counting from 0, is {@code peak * factor(k)}; so with
 * warmup the first step uses rate 0, exactly as in transformers).
 *
 * <pre>
 * warmup (k < W)  factor = k / W
 * constant        factor = 1
 * linear          factor = max(0, (N - k) / (N - W))
 * cosine          factor = max(0, 0.5 (1 + cos(pi (k - W) / (N - W))))
 * </pre>
 *
 * @param type the shape after warmup
 * @param peak the configured learning rate (reached at the end of warmup)
 * @param warmupSteps W, linear warmup from 0 (0 = none)
 * @param totalSteps N, the number of optimizer steps of the run (decay reaches 0 there)
 */
public record LearningRateSchedule(Type type, double peak, int warmupSteps, int totalSteps) {

  /** The shape after warmup (HF {@code lr_scheduler_type}). */
  public enum Type {
    CONSTANT,
    LINEAR,
    COSINE
  }

  public LearningRateSchedule {
    Objects.requireNonNull(type, "type");
    if (!(peak > 0) || !Double.isFinite(peak)) {
      throw new ConfigException("learning rate must be a finite number > 0, got " + peak);
    }
    if (warmupSteps < 0) {
      throw new ConfigException("warmup steps must be >= 0, got " + warmupSteps);
    }
    if (totalSteps < 1) {
      throw new ConfigException("total steps must be >= 1, got " + totalSteps);
    }
  }

  /**
   * Warmup steps from a ratio of the total (HF {@code warmup_ratio}: {@code ceil(ratio * N)}).
   */
  public static int warmupFromRatio(double ratio, int totalSteps) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new ConfigException("warmup ratio must be in [0, 1], got " + ratio);
    }
    return (int) Math.ceil(ratio * totalSteps);
  }

  /** The learning rate of optimizer step {@code step} (0 for the first step). */
  public double at(long step) {
    if (step < warmupSteps) {
      return peak * step / Math.max(1, warmupSteps);
    }
    double decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = (step - warmupSteps) / decaySteps;
    double factor =
        switch (type) {
          case CONSTANT -> 1.0;
          case LINEAR -> Math.max(0.0, (totalSteps - step) / decaySteps);
          case COSINE -> Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
        };
    return peak * factor;
  }
}

package ai.thinkact.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Learning-rate schedule after a linear warmup from 0, the same numbers as Hugging Face's
 * {@code get_{constant,linear,cosine}_schedule_with_warmup} (so runs compare with TRL's): the
 * optimizer step {@code s} (0-based) uses {@code peak * factor(s)}; with warmup the first step
 * therefore has rate 0, exactly as in transformers.
 */
public enum LrScheduler {
  /** Warmup, then the peak rate until the end. */
  @JsonProperty("constant") CONSTANT,
  /** Warmup, then linear decay to 0 at the last step. */
  @JsonProperty("linear") LINEAR,
  /** Warmup, then half a cosine wave from the peak to 0 at the last step. */
  @JsonProperty("cosine") COSINE;

  /**
   * Multiplier of the peak learning rate for the optimizer step {@code step} (0-based: the
   * first update uses step 0) of {@code totalSteps}, after {@code warmupSteps} warmup steps.
   */
  public double factor(long step, long warmupSteps, long totalSteps) {
    if (step < warmupSteps) {
      return (double) step / Math.max(1, warmupSteps);
    }
    double decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (step - warmupSteps) / decaySteps);
    return switch (this) {
      case CONSTANT -> 1.0;
      case LINEAR -> Math.max(0.0, 1.0 - progress);
      case COSINE -> 0.5 * (1.0 + Math.cos(Math.PI * progress));
    };
  }
}

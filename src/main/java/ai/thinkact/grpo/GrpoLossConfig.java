package ai.thinkact.grpo;

import ai.thinkact.base.ConfigException;
import java.util.Objects;

/**
 * The loss half of the GRPO config (TRL {@code GRPOConfig} names in camelCase).
 *
 * @param lossType how per-token losses are averaged (the paper: GRPO; TRL's default changed across versions)
 * @param epsilonLow lower clip: ratios below 1 - epsilonLow are clipped (paper and TRL: 0.2)
 * @param epsilonHigh upper clip: ratios above 1 + epsilonHigh are clipped (DAPO clip-higher: 0.28;
 *     TRL default = epsilonLow)
 * @param beta weight of the k3 KL estimate against the reference policy (paper: 0, no reference needed)
 * @param maxCompletionLength the configured generation limit; {@link LossType#DR_GRPO} divides by it
 */
public record GrpoLossConfig(
    LossType lossType, double epsilonLow, double epsilonHigh, double beta, int maxCompletionLength) {
  public GrpoLossConfig {
    Objects.requireNonNull(lossType, "lossType");
    if (!(epsilonLow >= 0 && epsilonLow < 1)) {
      throw new ConfigException("epsilon must be in [0, 1), got " + epsilonLow);
    }
    if (!(epsilonHigh >= 0) || !Double.isFinite(epsilonHigh)) {
      throw new ConfigException("epsilon high must be a finite number >= 0, got " + epsilonHigh);
    }
    if (!(beta >= 0) || !Double.isFinite(beta)) {
      throw new ConfigException("beta must be a finite number >= 0, got " + beta);
    }
    if (maxCompletionLength < 1) {
      throw new ConfigException("max completion length must be >= 1, got " + maxCompletionLength);
    }
  }

  /** The paper's loss: GRPO averaging, epsilon 0.2 on both sides, beta 0. */
  public static GrpoLossConfig paper(int maxCompletionLength) {
    return new GrpoLossConfig(LossType.GRPO, 0.2, 0.2, 0.0, maxCompletionLength);
  }
}

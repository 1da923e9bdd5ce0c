package ai.thinkact.grpo;

import ai.thinkact.config.Checks;
import ai.thinkact.config.Setting;

/**
 * The loss settings of GRPO (TRL {@code GRPOConfig} names and defaults, which are the paper's).
 *
 * @param lossType how per-token losses are averaged
 * @param epsilonLow lower clip: ratios below 1 - epsilonLow are clipped
 * @param epsilonHigh upper clip: ratios above 1 + epsilonHigh are clipped; null means epsilonLow (TRL)
 * @param beta weight of the k3 KL estimate against the reference policy
 * @param maxCompletionLength the generation limit; {@link LossType#DR_GRPO} divides by it
 */
public record GrpoLossConfig(
    @Setting(value = "grpo", doc = "How token losses are averaged: grpo (the paper's per-sequence mean, as"
        + " DeepSeekMath), bnpo, dr_grpo or dapo (TRL's names).")
    LossType lossType,
    @Setting(key = "epsilon", value = "0.2", doc = "Lower clip: the ratio is clipped to [1 - epsilon, ...] (paper section 4.2).")
    double epsilonLow,
    @Setting(value = "null", doc = "Upper clip [..., 1 + epsilon_high]; unset means epsilon (DAPO's clip-higher uses 0.28).")
    Double epsilonHigh,
    @Setting(value = "0.0", doc = "KL coefficient against the reference policy (the adapter disabled); 0 skips the"
        + " reference pass (paper section 4.2, TRL's default).")
    double beta,
    @Setting(value = "256", label = "TOKENS", doc = "Most new tokens per completion: a think block of at most ~100"
        + " words plus one tool call or answer (TRL: 256).")
    int maxCompletionLength) {

  public GrpoLossConfig {
    Checks.require(lossType != null, "loss_type must be one of grpo, bnpo, dr_grpo, dapo");
    Checks.fraction("epsilon", epsilonLow);
    if (epsilonHigh != null) {
      Checks.atLeast("epsilon_high", epsilonHigh, epsilonLow);
      Checks.require(Double.isFinite(epsilonHigh), "epsilon_high must be a finite number, got " + epsilonHigh);
    }
    Checks.atLeast("beta", beta, 0.0);
    Checks.require(Double.isFinite(beta), "beta must be a finite number, got " + beta);
    Checks.atLeast("max_completion_length", maxCompletionLength, 1);
  }

  /** The paper's loss: GRPO averaging, epsilon 0.2 on both sides, beta 0. */
  public static GrpoLossConfig paper(int maxCompletionLength) {
    return new GrpoLossConfig(LossType.GRPO, 0.2, 0.2, 0.0, maxCompletionLength);
  }

  /** The upper clip's epsilon: epsilonHigh, or epsilonLow when unset (TRL). */
  public double upperEpsilon() {
    return epsilonHigh != null ? epsilonHigh : epsilonLow;
  }
}

package ai.thinkact.reward;

import ai.thinkact.config.Checks;
import ai.thinkact.config.Setting;

/**
 * Weights and bounds of the composite reward (paper section 3.1.3, docs/rewards.md); also the
 * reward settings of {@code train grpo}.
 *
 * @param accuracyWeight w_acc, weight of the conditional accuracy reward
 * @param formatWeight w_fmt, weight of the format compliance reward
 * @param lengthWeight w_len, weight of the thinking length reward
 * @param thinkMinWords lo: below this many words the length reward is w/lo
 * @param thinkMaxWords hi: above this many words the length reward decays linearly
 */
public record RewardConfig(
    @Setting(value = "1.0", doc = "Weight of the conditional accuracy reward in the total (paper: 1).")
    double accuracyWeight,
    @Setting(value = "1.0", doc = "Weight of the format reward in the total (paper: 1).")
    double formatWeight,
    @Setting(value = "1.0", doc = "Weight of the thinking-length reward in the total (paper: 1).")
    double lengthWeight,
    @Setting(value = "14", doc = "Thinking-length reward lower bound in words (paper section 3.2.3: enough to name the tool).")
    int thinkMinWords,
    @Setting(value = "100", doc = "Thinking-length reward upper bound in words (paper section 3.2.3).")
    int thinkMaxWords) {

  public RewardConfig {
    Checks.atLeast("accuracy_weight", accuracyWeight, 0.0);
    Checks.atLeast("format_weight", formatWeight, 0.0);
    Checks.atLeast("length_weight", lengthWeight, 0.0);
    Checks.atLeast("think_min_words", thinkMinWords, 1);
    Checks.atLeast("think_max_words", thinkMaxWords, thinkMinWords);
    Checks.require(Double.isFinite(accuracyWeight + formatWeight + lengthWeight),
        "accuracy_weight, format_weight and length_weight must be finite numbers");
  }

  /** The paper's defaults: every weight 1, lo = 14, hi = 100. */
  public static RewardConfig defaults() {
    return ai.thinkact.config.Settings.of(RewardConfig.class).defaults();
  }

  /** Same bounds, other weights. */
  public RewardConfig withWeights(double accuracy, double format, double length) {
    return new RewardConfig(accuracy, format, length, thinkMinWords, thinkMaxWords);
  }
}

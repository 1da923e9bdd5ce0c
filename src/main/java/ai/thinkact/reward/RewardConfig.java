package ai.thinkact.reward;

import ai.thinkact.base.ConfigException;

/**
 * Weights and bounds of the composite reward (paper section 3.1.3; issue 5).
 *
 * @param accuracyWeight w_acc, weight of the conditional accuracy reward (paper: 1)
 * @param formatWeight w_fmt, weight of the format compliance reward (paper: 1)
 * @param lengthWeight w_len, weight of the thinking length reward (paper: 1)
 * @param thinkMinWords lo: below this many words the length reward is w/lo (paper: 14)
 * @param thinkMaxWords hi: above this many words the length reward decays linearly (paper: 100)
 */
public record RewardConfig(
    double accuracyWeight, double formatWeight, double lengthWeight, int thinkMinWords, int thinkMaxWords) {

  public static final double DEFAULT_WEIGHT = 1.0;
  public static final int DEFAULT_THINK_MIN_WORDS = 14;
  public static final int DEFAULT_THINK_MAX_WORDS = 100;

  public RewardConfig {
    requireFinite("accuracy weight", accuracyWeight);
    requireFinite("format weight", formatWeight);
    requireFinite("length weight", lengthWeight);
    if (thinkMinWords < 1) {
      throw new ConfigException("think min words must be >= 1, got " + thinkMinWords);
    }
    if (thinkMaxWords < thinkMinWords) {
      throw new ConfigException(
          "think max words (" + thinkMaxWords + ") must be >= think min words (" + thinkMinWords + ")");
    }
  }

  /** The paper's defaults: every weight 1, lo = 14, hi = 100. */
  public static RewardConfig defaults() {
    return new RewardConfig(
        DEFAULT_WEIGHT, DEFAULT_WEIGHT, DEFAULT_WEIGHT, DEFAULT_THINK_MIN_WORDS, DEFAULT_THINK_MAX_WORDS);
  }

  /** Same bounds, other weights. */
  public RewardConfig withWeights(double accuracy, double format, double length) {
    return new RewardConfig(accuracy, format, length, thinkMinWords, thinkMaxWords);
  }

  private static void requireFinite(String what, double value) {
    if (!Double.isFinite(value)) {
      throw new ConfigException(what + " must be a finite number, got " + value);
    }
  }
}

package ai.thinkact.grpo;

/**
 * Group-relative advantages, TRL-exact: A_i = (r_i - mean_group(r)) / (std + 1e-4) where std is
 * the unbiased (n-1) standard deviation over the prompt's G rewards ({@link ScaleRewards#GROUP})
 * or over the whole batch ({@link ScaleRewards#BATCH}); {@link ScaleRewards#NONE} keeps r - mean.
 * The G completions of a prompt are consecutive.
 */
public final class GroupAdvantages {
  /** Added to the std so that a group of equal rewards gives advantages 0, not NaN. */
  public static final double STD_EPSILON = 1e-4;

  private GroupAdvantages() {}

  /** The advantage of every completion, in the order of {@code rewards}. */
  public static double[] compute(double[] rewards, int numGenerations, ScaleRewards scale) {
    checkShape(rewards, numGenerations);
    double[] advantages = new double[rewards.length];
    double batchStd = unbiasedStd(rewards, 0, rewards.length);
    for (int start = 0; start < rewards.length; start += numGenerations) {
      double mean = mean(rewards, start, start + numGenerations);
      double std =
          switch (scale) {
            case GROUP -> unbiasedStd(rewards, start, start + numGenerations);
            case BATCH -> batchStd;
            case NONE -> Double.NaN;
          };
      for (int i = start; i < start + numGenerations; i++) {
        double centered = rewards[i] - mean;
        advantages[i] = scale == ScaleRewards.NONE ? centered : centered / (std + STD_EPSILON);
      }
    }
    return advantages;
  }

  /**
   * TRL's {@code frac_reward_zero_std}: the share of groups whose rewards all have the same value
   * (std within 1e-8 of 0, like {@code torch.isclose}); such groups teach nothing.
   */
  public static double fracZeroStd(double[] rewards, int numGenerations) {
    checkShape(rewards, numGenerations);
    int groups = rewards.length / numGenerations;
    int zero = 0;
    for (int start = 0; start < rewards.length; start += numGenerations) {
      if (Math.abs(unbiasedStd(rewards, start, start + numGenerations)) <= 1e-8) {
        zero++;
      }
    }
    return groups == 0 ? 0.0 : (double) zero / groups;
  }

  static double mean(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i];
    }
    return sum / (to - from);
  }

  /** Unbiased (n-1) std, as {@code torch.std}; n must be at least 2. */
  static double unbiasedStd(double[] x, int from, int to) {
    double mean = mean(x, from, to);
    double squares = 0;
    for (int i = from; i < to; i++) {
      squares += (x[i] - mean) * (x[i] - mean);
    }
    return Math.sqrt(squares / (to - from - 1));
  }

  private static void checkShape(double[] rewards, int numGenerations) {
    if (numGenerations < 2) {
      throw new IllegalArgumentException("num generations must be >= 2 (an unbiased std needs two rewards), got " + numGenerations);
    }
    if (rewards.length % numGenerations != 0) {
      throw new IllegalArgumentException(
          rewards.length + " rewards are not whole groups of " + numGenerations + " generations");
    }
  }
}

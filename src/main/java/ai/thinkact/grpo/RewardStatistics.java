package ai.thinkact.grpo;

import ai.thinkact.reward.RewardBreakdown;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The reward figures TRL's {@code GRPOTrainer} logs per step, from the rewards of one generation
 * batch (G consecutive completions per prompt): {@code reward} (mean total), {@code reward_std}
 * (mean over completions of their group's unbiased std), {@code rewards/<component>/mean} and
 * {@code /std} (unbiased std over the batch) for accuracy, format, length and total, and
 * {@code frac_reward_zero_std}.
 */
public final class RewardStatistics {
  private RewardStatistics() {}

  /** Metric name to value, in a stable order for one log line. */
  public static Map<String, Double> summarize(List<RewardBreakdown> rewards, int numGenerations) {
    double[] total = column(rewards, RewardBreakdown::total);
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("reward", GroupAdvantages.mean(total, 0, total.length));
    double groupStdSum = 0;
    for (int start = 0; start < total.length; start += numGenerations) {
      groupStdSum += numGenerations * GroupAdvantages.unbiasedStd(total, start, start + numGenerations);
    }
    stats.put("reward_std", groupStdSum / total.length);
    put(stats, "accuracy", column(rewards, RewardBreakdown::accuracy));
    put(stats, "format", column(rewards, RewardBreakdown::format));
    put(stats, "length", column(rewards, RewardBreakdown::length));
    put(stats, "total", total);
    stats.put("frac_reward_zero_std", GroupAdvantages.fracZeroStd(total, numGenerations));
    return stats;
  }

  private static void put(Map<String, Double> stats, String component, double[] values) {
    stats.put("rewards/" + component + "/mean", GroupAdvantages.mean(values, 0, values.length));
    stats.put("rewards/" + component + "/std",
        values.length < 2 ? 0.0 : GroupAdvantages.unbiasedStd(values, 0, values.length));
  }

  private static double[] column(List<RewardBreakdown> rewards, ToDoubleFunction<RewardBreakdown> field) {
    return rewards.stream().mapToDouble(field).toArray();
  }
}

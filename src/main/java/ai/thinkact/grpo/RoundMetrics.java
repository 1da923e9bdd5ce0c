package ai.thinkact.grpo;

import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.training.MetricKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-round figures TRL logs at generation time: rewards ({@link RewardStatistics}) and completion lengths. */
final class RoundMetrics {
  private RoundMetrics() {}

  static Map<String, Double> of(List<Rollout.Completion> completions, List<RewardBreakdown> rewards,
      int numGenerations, int maxCompletionLength) {
    Map<String, Double> m = new LinkedHashMap<>(RewardStatistics.summarize(rewards, numGenerations));
    int min = Integer.MAX_VALUE;
    int max = 0;
    long sum = 0;
    int clipped = 0;
    for (Rollout.Completion c : completions) {
      min = Math.min(min, c.length());
      max = Math.max(max, c.length());
      sum += c.length();
      clipped += c.truncated() ? 1 : 0;
    }
    m.put(MetricKeys.COMPLETIONS_MEAN_LENGTH, (double) sum / completions.size());
    m.put(MetricKeys.COMPLETIONS_MIN_LENGTH, (double) min);
    m.put(MetricKeys.COMPLETIONS_MAX_LENGTH, (double) max);
    m.put(MetricKeys.COMPLETIONS_CLIPPED_RATIO, (double) clipped / completions.size());
    return m;
  }

  /** Key-wise mean over rounds (minima and maxima stay minima and maxima). */
  static Map<String, Number> average(List<Rollout> rounds) {
    Map<String, Number> out = new LinkedHashMap<>();
    for (String key : rounds.get(0).rewardStats().keySet()) {
      double value = switch (key) {
        case MetricKeys.COMPLETIONS_MIN_LENGTH, MetricKeys.IS_RATIO_MIN -> rounds.stream().mapToDouble(r -> r.rewardStats().get(key)).min().orElseThrow();
        case MetricKeys.COMPLETIONS_MAX_LENGTH, MetricKeys.IS_RATIO_MAX, MetricKeys.SAMPLING_LOGP_DIFF_MAX -> rounds.stream().mapToDouble(r -> r.rewardStats().get(key)).max().orElseThrow();
        default -> rounds.stream().mapToDouble(r -> r.rewardStats().get(key)).average().orElseThrow();
      };
      out.put(key, value);
    }
    return out;
  }
}

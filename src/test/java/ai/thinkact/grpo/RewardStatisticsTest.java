package ai.thinkact.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.reward.RewardBreakdown;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardStatisticsTest {
  @Test
  void summarizesLikeTrl() {
    // two groups of G = 2: totals (1, 3) and (2, 2)
    List<RewardBreakdown> rewards = List.of(
        new RewardBreakdown(-1, 1, 1, 1), new RewardBreakdown(1, 1, 1, 3),
        new RewardBreakdown(0, 1, 1, 2), new RewardBreakdown(0, 1, 1, 2));
    Map<String, Double> s = RewardStatistics.summarize(rewards, 2);
    assertEquals(2.0, s.get("reward"), 1e-15);
    // group stds: sqrt(2) (unbiased of 1, 3) and 0, each repeated twice -> mean sqrt(2)/2
    assertEquals(Math.sqrt(2) / 2, s.get("reward_std"), 1e-15);
    // accuracy (-1, 1, 0, 0): mean 0, unbiased var (1 + 1) / 3
    assertEquals(0.0, s.get("rewards/accuracy/mean"), 1e-15);
    assertEquals(Math.sqrt(2.0 / 3.0), s.get("rewards/accuracy/std"), 1e-15);
    assertEquals(0.0, s.get("rewards/format/std"), 1e-15);
    assertEquals(0.5, s.get("frac_reward_zero_std"), 1e-15);
  }
}

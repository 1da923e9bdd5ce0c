package ai.thinkact.grpo;

import ai.thinkact.data.Sample;
import ai.thinkact.model.FinishReason;
import ai.thinkact.model.PromptCompletion;
import ai.thinkact.reward.RewardBreakdown;
import java.util.List;

/**
 * One generation round: {@code promptsPerGeneration} prompts x G completions, the G completions of
 * a prompt consecutive, with what the loss needs of each (TRL's buffered {@code inputs}).
 *
 * @param completions every completion of the round, in prompt order
 * @param rewardStats TRL's reward metrics of the round ({@link RewardStatistics#summarize})
 */
record Rollout(List<Completion> completions, java.util.Map<String, Double> rewardStats) {

  /**
   * One sampled completion.
   *
   * @param sample the per-turn sample it answers
   * @param tokens prompt ids and the sampled ids (ending with the stop id when it stopped)
   * @param finishReason STOP or LENGTH (truncated)
   * @param text the decoded completion, special tokens skipped (what the reward parses)
   * @param reward the reward breakdown
   * @param advantage the group-relative advantage
   * @param oldLogps log-probs of the sampling policy, or null when the round is used on-policy only
   * @param refLogps log-probs with the adapter disabled, or null when beta = 0
   * @param importanceWeights per-token weights of the loss correcting for another engine's sampling
   *     ({@link ImportanceSampling}), or null when the trainer sampled itself
   */
  record Completion(
      Sample sample,
      PromptCompletion tokens,
      FinishReason finishReason,
      String text,
      RewardBreakdown reward,
      double advantage,
      float[] oldLogps,
      float[] refLogps,
      float[] importanceWeights) {

    int length() {
      return tokens.completionIds().length;
    }

    boolean truncated() {
      return finishReason == FinishReason.LENGTH;
    }
  }

  /** Micro-batch {@code index} of {@code size} completions (TRL splits a round the same way). */
  List<Completion> microBatch(int index, int size) {
    return completions.subList(index * size, (index + 1) * size);
  }
}

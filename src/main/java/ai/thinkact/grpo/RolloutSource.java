package ai.thinkact.grpo;

import ai.thinkact.model.FinishReason;
import java.util.List;
import java.util.Random;

/**
 * Where a round's completions are sampled: here, on the adapter merged into the weights
 * ({@link LocalRollouts}), or on OpenAI-compatible servers that hot-load the adapter
 * ({@link RemoteRollouts}). Rewards, advantages and log-probs stay with the trainer either way.
 */
interface RolloutSource extends AutoCloseable {

  /**
   * One sampled completion.
   *
   * @param tokenIds the sampled ids, ending with the stop id when one ended it
   * @param finishReason STOP or LENGTH
   * @param samplerLogps the sampler's log-prob of each sampled id, or null when the trainer sampled
   *     itself (then they are its own and need no correction)
   */
  record Sampled(int[] tokenIds, FinishReason finishReason, float[] samplerLogps) {}

  /**
   * Samples G completions of each prompt with the policy as it is now.
   *
   * @param prompts one rendered prompt per group
   * @param random the round's generator (seeded by the round index)
   * @return {@code prompts.size() x G} completions, the G of a prompt consecutive
   */
  List<Sampled> sample(List<int[]> prompts, Random random);

  /** The trainer's weights changed at optimizer step {@code step} (also called once at the start of a run). */
  default void policyUpdated(long step) {}

  /** Whether another engine samples: its log-probs then differ from the trainer's and are corrected for. */
  boolean remote();

  @Override
  void close();
}

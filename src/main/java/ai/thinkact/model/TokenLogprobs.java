package ai.thinkact.model;

/**
 * Log-probabilities of the tokens a row generated, {@code log_softmax(logits / T)} with {@code T}
 * the row's {@link GenerationRow#logprobTemperature()} (its sampling temperature, 1 when greedy),
 * taken before top-k and top-p: for the same tokens and temperature these are the values
 * {@link LogProbs#of} (and {@code thinkact score --temperature T}) compute, and what
 * TRL's GRPO computes for its old policy.
 *
 * @param chosen per generated token, the log-probability of that token
 * @param topIds per generated token, the {@code k} most likely ids, most likely first ({@code k = 0}: empty)
 * @param topLogprobs per generated token, the log-probabilities of {@code topIds}
 */
public record TokenLogprobs(float[] chosen, int[][] topIds, float[][] topLogprobs) {

  public TokenLogprobs {
    if (topIds.length != chosen.length || topLogprobs.length != chosen.length) {
      throw new IllegalArgumentException("chosen, topIds and topLogprobs differ in length");
    }
  }
}

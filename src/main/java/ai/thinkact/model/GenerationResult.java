package ai.thinkact.model;

/**
 * The new tokens of one sequence.
 *
 * @param tokenIds generated ids, ending with the stop id when a stop id ended the sequence
 * @param finishReason why generation ended
 * @param logprobs log-probabilities of {@code tokenIds}, or {@code null} when none were asked for
 */
public record GenerationResult(int[] tokenIds, FinishReason finishReason, TokenLogprobs logprobs) {
  public GenerationResult {
    tokenIds = tokenIds.clone();
  }

  /** A result without log-probabilities. */
  public GenerationResult(int[] tokenIds, FinishReason finishReason) {
    this(tokenIds, finishReason, null);
  }

  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }
}

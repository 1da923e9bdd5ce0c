package ai.thinkact.model;

/**
 * The new tokens of one sequence.
 *
 * @param tokenIds generated ids, ending with the stop id when {@code finishReason} is STOP
 * @param finishReason why generation ended
 */
public record GenerationResult(int[] tokenIds, FinishReason finishReason) {
  public GenerationResult {
    tokenIds = tokenIds.clone();
  }

  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }
}

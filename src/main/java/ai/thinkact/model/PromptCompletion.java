package ai.thinkact.model;

/**
 * A prompt and a completion to score: the model sees {@code prompt + completion} and the
 * log-probability of each completion token given everything before it is read off.
 */
public record PromptCompletion(int[] promptIds, int[] completionIds) {
  public PromptCompletion {
    if (promptIds.length == 0) {
      throw new IllegalArgumentException("prompt_ids is empty: the first completion token needs a context");
    }
    if (completionIds.length == 0) {
      throw new IllegalArgumentException("completion_ids is empty");
    }
    promptIds = promptIds.clone();
    completionIds = completionIds.clone();
  }

  public int[] sequence() {
    int[] all = java.util.Arrays.copyOf(promptIds, promptIds.length + completionIds.length);
    System.arraycopy(completionIds, 0, all, promptIds.length, completionIds.length);
    return all;
  }
}

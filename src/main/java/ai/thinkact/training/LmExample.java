package ai.thinkact.training;

/**
 * One tokenized training sample: the {@code (ids, lossMask)} pair of {@link ai.thinkact.chat.RenderedChat}
 * in the int ids the model takes.
 *
 * @param id the sample's id (for messages)
 * @param ids token ids
 * @param lossMask true on the target turn's tokens, the ones the loss is taken on
 * @param truncatedMessages history messages dropped to fit {@code max_length} (0 normally)
 */
public record LmExample(String id, int[] ids, boolean[] lossMask, int truncatedMessages) {

  public LmExample {
    if (ids.length != lossMask.length) {
      throw new IllegalArgumentException(id + ": ids and loss mask differ in length");
    }
  }

  public int length() {
    return ids.length;
  }

  /** Tokens the loss is taken on (the first token is never one: nothing predicts it). */
  public int targetTokens() {
    int n = 0;
    for (int t = 1; t < lossMask.length; t++) {
      if (lossMask[t]) {
        n++;
      }
    }
    return n;
  }
}

package ai.thinkact.chat;

import java.util.Objects;

/**
 * A conversation rendered for the model: the text, its token ids, and which ids the loss is taken
 * on. This pair {@code (ids, lossMask)} is the currency between data, trainers and eval.
 *
 * @param text the rendered chat text; {@code ids} is its tokenisation as one string
 * @param ids token ids
 * @param lossMask per id, {@code true} where the model is trained to produce that token: exactly
 *     the target assistant turn after {@code <|im_start|>assistant\n} through its {@code <|im_end|>};
 *     all {@code false} for a prompt-only render
 * @param promptTokens how many leading ids form the prompt (the generation-prompt render of the
 *     context); equals {@code ids.length} for a prompt-only render
 */
public record RenderedChat(String text, long[] ids, boolean[] lossMask, int promptTokens) {
  public RenderedChat {
    Objects.requireNonNull(text, "text");
    if (ids.length != lossMask.length) {
      throw new IllegalArgumentException("ids and lossMask differ in length: " + ids.length + " vs " + lossMask.length);
    }
    if (promptTokens < 0 || promptTokens > ids.length) {
      throw new IllegalArgumentException("promptTokens " + promptTokens + " outside [0, " + ids.length + "]");
    }
  }

  /** Number of tokens. */
  public int length() {
    return ids.length;
  }

  /** Number of tokens the loss is taken on. */
  public int maskedCount() {
    int count = 0;
    for (boolean masked : lossMask) {
      if (masked) {
        count++;
      }
    }
    return count;
  }

  /** The prompt's ids, {@code ids[0, promptTokens)}: what generation starts from. */
  public long[] promptIds() {
    return java.util.Arrays.copyOf(ids, promptTokens);
  }
}

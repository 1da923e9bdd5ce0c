package ai.thinkact.serve;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import java.util.Arrays;
import java.util.Set;

/**
 * Token ids to text and back for responses, on a checkpoint with or without tokenizer files.
 * Without one, only token-id prompts can be served: text input is an HTTP 400, generated text is
 * empty and log-prob tokens are written {@code token_id:N}.
 */
final class TokenText {
  private final QwenTokenizer tokenizer; // null: none
  private final ChatFormat chat;
  private final int vocabSize;

  /** @param tokenizer null when the checkpoint has no tokenizer files */
  TokenText(QwenTokenizer tokenizer, int vocabSize) {
    this.tokenizer = tokenizer;
    this.chat = tokenizer == null ? null : new ChatFormat(tokenizer);
    this.vocabSize = vocabSize;
  }

  boolean hasTokenizer() {
    return tokenizer != null;
  }

  int vocabSize() {
    return vocabSize;
  }

  /** The chat format; HTTP 400 when there is no tokenizer. */
  ChatFormat chat() {
    requireTokenizer("messages");
    return chat;
  }

  /** The ids of {@code text}, no special tokens added; HTTP 400 when there is no tokenizer. */
  int[] encode(String text, String param) {
    requireTokenizer(param);
    return Arrays.stream(tokenizer.encode(text)).mapToInt(Math::toIntExact).toArray();
  }

  /** Generated text with special tokens ({@code <|im_end|>}) dropped; {@code ""} without a tokenizer. */
  String decode(int[] ids) {
    if (tokenizer == null || ids.length == 0) {
      return "";
    }
    return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
  }

  /** One token as log-probs show it: its own text (special tokens included), or {@code token_id:N}. */
  String token(int id, boolean asId) {
    if (asId || tokenizer == null) {
      return "token_id:" + id;
    }
    return tokenizer.decode(new long[] {id}, false);
  }

  /** {@code <|im_end|>} and {@code <|endoftext|>} (see {@link ChatFormat#stopIds(QwenTokenizer, int)}). */
  Set<Integer> stopIds() {
    return ChatFormat.stopIds(tokenizer, vocabSize);
  }

  /** HTTP 400 naming {@code param} when any id is outside the model's vocabulary. */
  void checkIds(int[] ids, String param) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] >= vocabSize) {
        throw ApiException.badRequest(param, param + ": token id " + ids[i] + " is outside the model's vocabulary [0, "
            + vocabSize + ")");
      }
    }
  }

  private void requireTokenizer(String param) {
    if (tokenizer == null) {
      throw ApiException.badRequest(param, "this server's checkpoint has no tokenizer.json: only /v1/completions with"
          + " token-id prompts is served");
    }
  }
}

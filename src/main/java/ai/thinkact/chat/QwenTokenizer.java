package ai.thinkact.chat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.thinkact.data.InvalidDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Qwen3 tokenizer ({@code tokenizer.json} of a model directory) through DJL's Hugging Face
 * binding, with no surprises: no special tokens added, no padding, and truncation explicitly off
 * (DJL otherwise cuts at 512 tokens, DJL_NOTES pitfall 10). Minimal on purpose: the chat format
 * lives elsewhere in this package.
 */
public final class QwenTokenizer implements AutoCloseable {

  private final HuggingFaceTokenizer tokenizer;

  private QwenTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads {@code dir/tokenizer.json}. */
  public static QwenTokenizer load(Path dir) {
    Path file = dir.resolve("tokenizer.json");
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException("no tokenizer.json in " + dir + " (needed for text prompts)");
    }
    try {
      return new QwenTokenizer(HuggingFaceTokenizer.builder()
          .optTokenizerPath(file)
          .optAddSpecialTokens(false)
          .optTruncation(false)
          .optPadding(false)
          .build());
    } catch (IOException e) {
      throw new InvalidDataException(file + ": cannot load tokenizer: " + e.getMessage(), e);
    }
  }

  /** Token ids of {@code text}; special-token strings such as {@code <|im_start|>} map to their ids. */
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** Text of {@code ids}. */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs, skipSpecialTokens);
  }

  /** The id of a token that encodes to exactly one id (e.g. {@code <|im_end|>}), or -1. */
  public int tokenId(String token) {
    int[] ids = encode(token);
    return ids.length == 1 ? ids[0] : -1;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

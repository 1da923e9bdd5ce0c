package ai.thinkact.reward;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.config.JsonFields;
import ai.thinkact.io.Utf8Text;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Tokenises (query, passage) pairs the way HF tokenises a pair for an XLM-R cross-encoder:
 * {@code <s> query </s></s> passage </s>}, truncated longest-first to {@code maxLength} tokens.
 *
 * <p>The layout and truncation are done here rather than by the tokenizer's post-processor:
 * DJL's {@link HuggingFaceTokenizer} clamps any truncation to 512 tokens, which is wrong for
 * checkpoints with longer positions ({@code bge-reranker-v2-m3}). Each side is encoded without
 * special tokens and untruncated; the special ids come from the tokenizer's {@code added_tokens}.
 */
public final class PairTokenizer implements AutoCloseable {

  /** Tokens the pair layout adds: {@code <s>}, {@code </s></s>} between, {@code </s>} at the end. */
  static final int SPECIAL_TOKENS_IN_PAIR = 4;

  private final HuggingFaceTokenizer tokenizer;
  private final long bosId;
  private final long eosId;
  private final int maxLength;

  private PairTokenizer(HuggingFaceTokenizer tokenizer, long bosId, long eosId, int maxLength) {
    this.tokenizer = tokenizer;
    this.bosId = bosId;
    this.eosId = eosId;
    this.maxLength = maxLength;
  }

  /**
   * Loads {@code tokenizer.json}.
   *
   * @param maxLength the longest pair in tokens, special tokens included; at least 5
   * @throws InvalidDataException when the file has no {@code <s>} or {@code </s>} added token
   */
  public static PairTokenizer load(Path tokenizerJson, int maxLength) {
    if (maxLength <= SPECIAL_TOKENS_IN_PAIR) {
      throw new IllegalArgumentException("maxLength must exceed " + SPECIAL_TOKENS_IN_PAIR + ", got " + maxLength);
    }
    JsonNode addedTokens;
    try {
      Utf8Text.requireFile(tokenizerJson);
      addedTokens = new ObjectMapper().readTree(tokenizerJson.toFile()).path("added_tokens");
    } catch (JsonProcessingException e) {
      throw new InvalidDataException(tokenizerJson + ": not valid JSON (a truncated download?): " + JsonFields.problem(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long bos = specialId(addedTokens, "<s>", tokenizerJson);
    long eos = specialId(addedTokens, "</s>", tokenizerJson);
    // No special tokens, no truncation, no padding: this class does all three.
    Map<String, String> options = Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");
    try {
      return new PairTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options), bos, eos, maxLength);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new InvalidDataException(tokenizerJson + ": the tokenizers library cannot load it: " + e.getMessage(), e);
    }
  }

  /** Token ids of one pair: {@code [bos] + query + [eos, eos] + passage + [eos]}, at most {@code maxLength}. */
  public long[] encode(String query, String passage) {
    long[] q = tokenizer.encode(query, false, false).getIds();
    long[] p = tokenizer.encode(passage, false, false).getIds();
    int[] kept = truncatedLengths(q.length, p.length, maxLength - SPECIAL_TOKENS_IN_PAIR);
    long[] ids = new long[kept[0] + kept[1] + SPECIAL_TOKENS_IN_PAIR];
    int at = 0;
    ids[at++] = bosId;
    System.arraycopy(q, 0, ids, at, kept[0]);
    at += kept[0];
    ids[at++] = eosId;
    ids[at++] = eosId;
    System.arraycopy(p, 0, ids, at, kept[1]);
    at += kept[1];
    ids[at] = eosId;
    return ids;
  }

  /** The longest pair this tokenizer produces. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * HF tokenizers' {@code longest_first} rule for a pair: when both fit nothing changes; when
   * the shorter side fits in half the budget only the longer one is cut; otherwise each gets
   * half, and the odd token goes to the longer side (to the second on a tie). Tokens are cut
   * from the end.
   *
   * @return {kept query tokens, kept passage tokens}
   */
  static int[] truncatedLengths(int queryLength, int passageLength, int budget) {
    if (queryLength + passageLength <= budget) {
      return new int[] {queryLength, passageLength};
    }
    boolean swapped = queryLength > passageLength;
    int shorter = Math.min(queryLength, passageLength);
    int longer = shorter > budget ? shorter : Math.max(shorter, budget - shorter);
    if (shorter + longer > budget) {
      shorter = budget / 2;
      longer = shorter + budget % 2;
    }
    return swapped ? new int[] {longer, shorter} : new int[] {shorter, longer};
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  private static long specialId(JsonNode addedTokens, String content, Path file) {
    for (JsonNode token : addedTokens) {
      if (content.equals(token.path("content").asText())) {
        return token.path("id").asLong();
      }
    }
    throw new InvalidDataException(
        file + ": added_tokens has no \"" + content + "\" token; expected an XLM-RoBERTa tokenizer "
            + Arrays.toString(new String[] {"<s>", "</s>"}));
  }
}

package ai.thinkact.training;

import ai.thinkact.chat.QwenTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Text documents as causal-LM training windows: each document is tokenized, ends with
 * {@code <|endoftext|>}, and is cut into consecutive windows of at most {@code max_length}
 * tokens; every token of a window but the first is a target (the loss mask is all true).
 * Windows never span two documents, so nothing attends across a document boundary.
 */
public final class DocumentWindows {
  /** A window shorter than this has almost nothing to predict and is dropped. */
  static final int MIN_WINDOW = 8;

  private DocumentWindows() {}

  /** The windows of every document, in order; ids are {@code doc-N#W}. */
  public static List<LmExample> windows(List<String> documents, QwenTokenizer tokenizer, int maxLength) {
    List<LmExample> out = new ArrayList<>();
    int eos = Math.toIntExact(tokenizer.endOfTextId());
    for (int d = 0; d < documents.size(); d++) {
      long[] ids = tokenizer.encode(documents.get(d));
      int[] tokens = new int[ids.length + 1];
      for (int i = 0; i < ids.length; i++) {
        tokens[i] = Math.toIntExact(ids[i]);
      }
      tokens[ids.length] = eos;
      for (int start = 0, w = 0; start < tokens.length; start += maxLength, w++) {
        int[] window = Arrays.copyOfRange(tokens, start, Math.min(tokens.length, start + maxLength));
        if (window.length < MIN_WINDOW) {
          continue;
        }
        boolean[] mask = new boolean[window.length];
        Arrays.fill(mask, true);
        out.add(new LmExample("doc-" + (d + 1) + "#" + w, window, mask, 0));
      }
    }
    return out;
  }
}

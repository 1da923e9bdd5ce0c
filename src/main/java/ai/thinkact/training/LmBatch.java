package ai.thinkact.training;

import ai.thinkact.model.TokenBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A right-padded micro-batch with its next-token targets: hidden row {@code rows[i]} (an index
 * into the flattened {@code (B*T)} positions) must predict word {@code labels[i]}; these are the
 * positions {@code t} whose next token {@code t+1} is under the loss mask.
 *
 * @param tokens the padded ids, mask and positions
 * @param rows flattened positions {@code b*T + t} that carry loss
 * @param labels the word each of those positions must predict
 * @param realTokens non-padding tokens in the batch (TRL's num_tokens counts these)
 */
public record LmBatch(TokenBatch tokens, long[] rows, long[] labels, int realTokens) {

  /** Pads {@code examples} on the right into one batch. */
  public static LmBatch of(List<LmExample> examples) {
    List<int[]> sequences = new ArrayList<>();
    int real = 0;
    for (LmExample e : examples) {
      sequences.add(e.ids());
      real += e.length();
    }
    TokenBatch tokens = TokenBatch.rightPadded(sequences);
    int t = tokens.length();
    List<long[]> pairs = new ArrayList<>();
    for (int b = 0; b < examples.size(); b++) {
      LmExample e = examples.get(b);
      for (int j = 0; j + 1 < e.length(); j++) {
        if (e.lossMask()[j + 1]) {
          pairs.add(new long[] {(long) b * t + j, e.ids()[j + 1]});
        }
      }
    }
    long[] rows = new long[pairs.size()];
    long[] labels = new long[pairs.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = pairs.get(i)[0];
      labels[i] = pairs.get(i)[1];
    }
    return new LmBatch(tokens, rows, labels, real);
  }

  /** Positions that carry loss. */
  public int targetTokens() {
    return rows.length;
  }
}

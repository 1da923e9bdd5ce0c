package ai.thinkact.model;

import java.util.List;

/**
 * A rectangular batch of token ids with its attention mask and RoPE positions, held in Java
 * arrays (the model turns them into NDArrays inside the caller's scope).
 *
 * <p>Right padding is for training and scoring: the logits of real tokens do not depend on the
 * pads. Left padding is for generation, with {@code position = cumsum(mask) - 1} as Hugging Face
 * does, so every row's next token is written at the same cache index.
 *
 * @param ids {@code (B, T)} token ids; pads hold {@code padId}
 * @param mask {@code (B, T)} true for real tokens
 * @param positions {@code (B, T)} RoPE positions
 */
public record TokenBatch(int[][] ids, boolean[][] mask, int[][] positions) {

  /** Id written into padded slots; masked out, any valid id works. */
  public static final int PAD_ID = 0;

  public TokenBatch {
    if (ids.length == 0) {
      throw new IllegalArgumentException("empty batch");
    }
    int t = ids[0].length;
    for (int b = 0; b < ids.length; b++) {
      if (ids[b].length != t || mask[b].length != t || positions[b].length != t) {
        throw new IllegalArgumentException("batch row " + b + " is not " + t + " long");
      }
    }
  }

  public int batchSize() {
    return ids.length;
  }

  public int length() {
    return ids[0].length;
  }

  /** Sequences of equal length, no padding, positions 0..T-1. */
  public static TokenBatch of(int[][] sequences) {
    return rightPadded(List.of(sequences));
  }

  /** Sequences padded on the right to the longest; positions 0..len-1 (pads continue counting). */
  public static TokenBatch rightPadded(List<int[]> sequences) {
    return padded(sequences, false);
  }

  /** Sequences padded on the left to the longest; positions = cumsum(mask) - 1, pads at 0. */
  public static TokenBatch leftPadded(List<int[]> sequences) {
    return padded(sequences, true);
  }

  private static TokenBatch padded(List<int[]> sequences, boolean left) {
    int b = sequences.size();
    int t = maxLength(sequences);
    int[][] ids = new int[b][t];
    boolean[][] mask = new boolean[b][t];
    int[][] positions = new int[b][t];
    for (int i = 0; i < b; i++) {
      int[] s = sequences.get(i);
      int pad = left ? t - s.length : 0;
      for (int j = 0; j < t; j++) {
        int k = j - pad; // index into the sequence
        boolean real = k >= 0 && k < s.length;
        ids[i][j] = real ? s[k] : PAD_ID;
        mask[i][j] = real;
        positions[i][j] = left ? (real ? k : 0) : j;
      }
    }
    return new TokenBatch(ids, mask, positions);
  }

  /** One new token per row at the given positions (a decode step). */
  public static TokenBatch step(int[] tokens, int[] positions) {
    int b = tokens.length;
    int[][] ids = new int[b][1];
    boolean[][] mask = new boolean[b][1];
    int[][] pos = new int[b][1];
    for (int i = 0; i < b; i++) {
      ids[i][0] = tokens[i];
      mask[i][0] = true;
      pos[i][0] = positions[i];
    }
    return new TokenBatch(ids, mask, pos);
  }

  private static int maxLength(List<int[]> sequences) {
    if (sequences.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    int t = 0;
    for (int[] s : sequences) {
      if (s.length == 0) {
        throw new IllegalArgumentException("empty sequence in batch");
      }
      t = Math.max(t, s.length);
    }
    return t;
  }
}

package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The additive attention bias of a forward pass: 0 where query t may see key s (causal and a
 * real key), {@link #MASKED} (or twice it) elsewhere. The causal part is made on the device from
 * two {@code arange}s; only the key-padding part, {@code B*S} floats, comes from Java, and only
 * when some key is padding. A decode step of unpadded rows (a GRPO group of one prompt) needs no
 * bias at all: {@link #bias} returns null and the layers skip the add.
 */
final class AttentionMasks {

  /** Added to masked attention scores; finite so a fully masked (padding) query row stays finite. */
  static final float MASKED = -1e9f;

  private AttentionMasks() {}

  /**
   * @param past cached positions before the batch
   * @param cachedKeys which of the {@code past} cached slots hold real tokens, per row; null when past is 0
   * @return {@code (B, 1, 1, T, S)}, {@code (1, 1, 1, T, S)} or {@code (B, 1, 1, 1, S)} float32 in scope, or null for none
   */
  static NDArray bias(NDManager scope, TokenBatch batch, int past, boolean[][] cachedKeys) {
    NDArray causal = batch.length() > 1 ? causal(scope, batch.length(), past) : null;
    NDArray padding = padding(scope, batch, past, cachedKeys);
    if (causal == null || padding == null) {
      return causal != null ? causal : padding;
    }
    NDArray sum = causal.add(padding); // (B, 1, 1, T, S)
    causal.close();
    padding.close();
    return sum;
  }

  /** {@code (1, 1, 1, T, S)}: MASKED where key s lies after query t (at position past + t). */
  private static NDArray causal(NDManager scope, int t, int past) {
    int s = past + t;
    try (NDArray keys = scope.arange(0, s, 1, DataType.INT64); // (S)
        NDArray queries = scope.arange(past, s, 1, DataType.INT64).reshape(t, 1); // (T, 1)
        NDArray after = keys.gt(queries); // (T, S) boolean
        NDArray masked = scope.full(new Shape(), MASKED, DataType.FLOAT32); // ()
        NDArray bias = after.toType(DataType.FLOAT32, false).mul(masked)) { // (T, S): 0 or MASKED
      return bias.reshape(1, 1, 1, t, s);
    }
  }

  /** {@code (B, 1, 1, 1, S)}: MASKED at padding keys, or null when every key is real. */
  private static NDArray padding(NDManager scope, TokenBatch batch, int past, boolean[][] cachedKeys) {
    int b = batch.batchSize();
    int t = batch.length();
    int s = past + t;
    float[] padding = new float[b * s];
    boolean any = false;
    for (int row = 0; row < b; row++) {
      for (int key = 0; key < s; key++) {
        boolean real = key < past ? cachedKeys[row][key] : batch.mask()[row][key - past];
        if (!real) {
          padding[row * s + key] = MASKED;
          any = true;
        }
      }
    }
    return any ? OwnedArrays.of(scope, padding, new Shape(b, 1, 1, 1, s)) : null;
  }
}

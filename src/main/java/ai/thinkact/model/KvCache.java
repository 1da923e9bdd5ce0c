package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer, preallocated for {@code capacity} positions so decoding writes
 * in place instead of concatenating. All rows share one write index (left padding keeps them
 * aligned); {@link #keyMask} remembers which cached slots are padding.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final boolean[][] keyMask;
  private final int capacity;
  private int length;

  /**
   * Allocates the cache in a sub-manager of {@code parent}; closing the cache frees it.
   *
   * @param capacity prompt length + new tokens
   */
  public KvCache(NDManager parent, Qwen3Config config, int batchSize, int capacity, DataType dtype) {
    this.manager = parent.newSubManager();
    this.capacity = capacity;
    this.keys = new NDArray[config.numHiddenLayers()];
    this.values = new NDArray[config.numHiddenLayers()];
    Shape shape = new Shape(batchSize, config.numKeyValueHeads(), capacity, config.headDim());
    for (int layer = 0; layer < keys.length; layer++) {
      keys[layer] = manager.zeros(shape, dtype); // (B, kvHeads, capacity, headDim)
      values[layer] = manager.zeros(shape, dtype); // (B, kvHeads, capacity, headDim)
    }
    this.keyMask = new boolean[batchSize][capacity];
  }

  /** A cache over arrays already made in {@code manager} (which the cache then owns). */
  KvCache(NDManager manager, NDArray[] keys, NDArray[] values, boolean[][] keyMask, int capacity, int length) {
    this.manager = manager;
    this.keys = keys;
    this.values = values;
    this.keyMask = keyMask;
    this.capacity = capacity;
    this.length = length;
  }

  /**
   * A new cache in a sub-manager of {@code parent} whose row {@code i} is a copy of row
   * {@code rows[i]} of this one (keys, values, key mask; same capacity and length): a prefilled
   * prefix repeated for the rows that continue it ({@link PrefixSharing}).
   */
  KvCache selectRows(NDManager parent, int[] rows) {
    NDManager target = parent.newSubManager();
    long[] index = new long[rows.length];
    boolean[][] mask = new boolean[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      index[i] = rows[i];
      mask[i] = keyMask[rows[i]].clone();
    }
    NDArray[] newKeys = new NDArray[keys.length];
    NDArray[] newValues = new NDArray[values.length];
    try (NDArray idx = OwnedArrays.of(target, index, new Shape(rows.length))) { // (B') int64
      for (int layer = 0; layer < keys.length; layer++) {
        newKeys[layer] = keys[layer].get(idx); // (B', kvHeads, capacity, headDim), lands in this cache's manager
        newValues[layer] = values[layer].get(idx);
        newKeys[layer].attach(target);
        newValues[layer].attach(target);
      }
    }
    return new KvCache(target, newKeys, newValues, mask, capacity, length);
  }

  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  public int batchSize() {
    return keyMask.length;
  }

  int layers() {
    return keys.length;
  }

  NDArray keys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  /** Which slots {@code [0, length)} hold real tokens, per row. */
  boolean[][] keyMask() {
    return keyMask;
  }

  /** Records that {@code batch} was written at {@code [length, length + T)}. */
  void advance(TokenBatch batch) {
    int t = batch.length();
    for (int b = 0; b < keyMask.length; b++) {
      System.arraycopy(batch.mask()[b], 0, keyMask[b], length, t);
    }
    length += t;
  }

  @Override
  public void close() {
    manager.close();
  }
}

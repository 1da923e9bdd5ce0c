package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The RoPE tables of a forward pass, gathered on the device from position-indexed tables that
 * live with the weights: a call sends only its {@code B*T} positions through JNI, not four
 * {@code (B, T, headDim)} tables built in Java. The device tables hold exactly the floats the
 * Java-built tables held ({@link RopeTable}: angles in double, rounded once), so results are
 * bitwise those of before; 1/sqrt(headDim) is folded into the query tables.
 *
 * <p>The tables grow by doubling when a position beyond them appears; earlier, smaller tables stay
 * in the model's manager until the model is closed (another thread may still be reading one), at
 * most as much again as the largest.
 */
final class RopeTables {

  private static final int INITIAL_POSITIONS = 2048;

  private final RopeTable rope;
  private final NDManager manager;
  private final int headDim;
  private final int maxPositionEmbeddings;
  private final DataType dtype;
  /** {query cos, query signed sin, key cos, key signed sin}, each {@code (P, headDim)}. */
  private NDArray[] tables;
  private int positions;

  RopeTables(Qwen3Config config, NDManager manager, DataType dtype) {
    this.rope = new RopeTable(config.headDim(), config.ropeTheta());
    this.manager = manager;
    this.headDim = config.headDim();
    this.maxPositionEmbeddings = config.maxPositionEmbeddings();
    this.dtype = dtype;
  }

  /**
   * {query cos, query signed sin, key cos, key signed sin} at the batch's positions, each
   * {@code (B, T, 1, headDim)} in {@code scope}; libtorch-owned, so autograd may keep them.
   */
  NDArray[] lookup(NDManager scope, TokenBatch batch) {
    int b = batch.batchSize();
    int t = batch.length();
    long[] flat = new long[b * t];
    int max = 0;
    for (int row = 0; row < b; row++) {
      for (int j = 0; j < t; j++) {
        int pos = batch.positions()[row][j];
        if (pos < 0) {
          throw new IllegalArgumentException("negative position " + pos);
        }
        flat[row * t + j] = pos;
        max = Math.max(max, pos);
      }
    }
    NDArray[] device = tablesCovering(max);
    NDArray[] out = new NDArray[device.length];
    try (NDArray idx = OwnedArrays.of(scope, flat, new Shape(flat.length))) { // (B*T) int64
      for (int i = 0; i < device.length; i++) {
        NDArray rows = device[i].get(idx); // (B*T, headDim), lands in the tables' manager
        rows.attach(scope);
        out[i] = rows.reshape(b, t, 1, headDim); // (B, T, 1, headDim)
        rows.close();
      }
    }
    return out;
  }

  private synchronized NDArray[] tablesCovering(int position) {
    if (position < positions) {
      return tables;
    }
    int n = Math.max(position + 1, Math.max(Math.min(INITIAL_POSITIONS, maxPositionEmbeddings), 2 * positions));
    int d = headDim;
    int half = d / 2;
    float scale = (float) (1.0 / Math.sqrt(d));
    float[] qCos = new float[n * d];
    float[] qSin = new float[n * d];
    float[] kCos = new float[n * d];
    float[] kSin = new float[n * d];
    for (int pos = 0; pos < n; pos++) {
      float[] c = rope.cos(pos);
      float[] sn = rope.sin(pos);
      int base = pos * d;
      for (int i = 0; i < d; i++) {
        float signedSin = i < half ? -sn[i] : sn[i];
        kCos[base + i] = c[i];
        kSin[base + i] = signedSin;
        qCos[base + i] = c[i] * scale;
        qSin[base + i] = signedSin * scale;
      }
    }
    Shape shape = new Shape(n, d);
    NDArray[] fresh = {
      OwnedArrays.of(manager, qCos, shape), OwnedArrays.of(manager, qSin, shape),
      OwnedArrays.of(manager, kCos, shape), OwnedArrays.of(manager, kSin, shape)
    };
    if (dtype != DataType.FLOAT32) {
      for (int i = 0; i < fresh.length; i++) {
        NDArray converted = fresh[i].toType(dtype, true);
        fresh[i].close();
        fresh[i] = converted;
      }
    }
    tables = fresh;
    positions = n;
    return fresh;
  }
}

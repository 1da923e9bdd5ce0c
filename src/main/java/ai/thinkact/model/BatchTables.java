package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The per-call tables {@link Qwen3Model#forward} builds from a {@link TokenBatch}: the additive
 * attention mask (causal plus key padding), the RoPE cos/sin tables of each position (with the
 * 1/sqrt(headDim) attention scale folded into the query's), and the checked, flattened token ids.
 */
final class BatchTables {

  /** Added to masked attention scores; finite so a fully masked (padding) query row stays finite. */
  private static final float MASKED = -1e9f;

  private final Qwen3Config config;
  private final DataType dtype;
  private final RopeTable rope;

  BatchTables(Qwen3Config config, DataType dtype) {
    this.config = config;
    this.dtype = dtype;
    this.rope = new RopeTable(config.headDim(), config.ropeTheta());
  }

  /** Per-call arrays every layer reads. */
  record Context(int batch, int length, int past, NDArray bias, NDArray[] rope) implements AutoCloseable {
    @Override
    public void close() {
      bias.close();
      for (NDArray a : rope) {
        a.close();
      }
    }
  }

  /** The mask and RoPE tables of {@code batch}, continuing {@code past} cached positions. */
  Context context(NDManager scope, TokenBatch batch, int past, KvCache cache) {
    return new Context(batch.batchSize(), batch.length(), past, attentionBias(scope, batch, past, cache),
        ropeTables(scope, batch));
  }

  /**
   * Additive mask {@code (B, 1, 1, T, S)}: 0 where query t may see key s (causal and a real key),
   * {@link #MASKED} (or twice it) elsewhere. Built as a causal {@code (T, S)} part plus a key
   * padding {@code (B, S)} part so the Java side stays small for long batches.
   */
  private NDArray attentionBias(NDManager scope, TokenBatch batch, int past, KvCache cache) {
    int b = batch.batchSize();
    int t = batch.length();
    int s = past + t;
    float[] causal = new float[javaArrayLength((long) t * s, t, s)];
    for (int q = 0; q < t; q++) {
      for (int key = past + q + 1; key < s; key++) {
        causal[q * s + key] = MASKED;
      }
    }
    float[] padding = new float[b * s];
    for (int row = 0; row < b; row++) {
      for (int key = 0; key < s; key++) {
        boolean real = key < past ? cache.keyMask()[row][key] : batch.mask()[row][key - past];
        padding[row * s + key] = real ? 0f : MASKED;
      }
    }
    try (NDArray causalArray = scope.create(causal, new Shape(1, 1, 1, t, s));
        NDArray paddingArray = scope.create(padding, new Shape(b, 1, 1, 1, s))) {
      return causalArray.add(paddingArray); // (B, 1, 1, T, S)
    }
  }

  /** {@code n} as an array length, or a clear error for a sequence too long for Java-built tables. */
  private int javaArrayLength(long n, int queries, int keys) {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(queries + " query and " + keys + " key positions need attention tables of"
          + " more than 2^31 entries; keep sequences within max_position_embeddings (" + config.maxPositionEmbeddings() + ")");
    }
    return (int) n;
  }

  /** {query cos, query signed sin, key cos, key signed sin}, each {@code (B, T, 1, headDim)}. */
  private NDArray[] ropeTables(NDManager scope, TokenBatch batch) {
    int b = batch.batchSize();
    int t = batch.length();
    int d = config.headDim();
    int half = d / 2;
    float scale = (float) (1.0 / Math.sqrt(d));
    javaArrayLength((long) b * t * d, t, t);
    float[] qCos = new float[b * t * d];
    float[] qSin = new float[b * t * d];
    float[] kCos = new float[b * t * d];
    float[] kSin = new float[b * t * d];
    for (int row = 0; row < b; row++) {
      for (int j = 0; j < t; j++) {
        int pos = batch.positions()[row][j];
        float[] c = rope.cos(pos);
        float[] sn = rope.sin(pos);
        int base = (row * t + j) * d;
        for (int i = 0; i < d; i++) {
          float signedSin = i < half ? -sn[i] : sn[i];
          kCos[base + i] = c[i];
          kSin[base + i] = signedSin;
          qCos[base + i] = c[i] * scale;
          qSin[base + i] = signedSin * scale;
        }
      }
    }
    Shape shape = new Shape(b, t, 1, d);
    // libtorch-owned: the backward pass multiplies by these tables after the forward has closed them
    NDArray[] tables = {
      OwnedArrays.of(scope, qCos, shape), OwnedArrays.of(scope, qSin, shape),
      OwnedArrays.of(scope, kCos, shape), OwnedArrays.of(scope, kSin, shape)
    };
    if (dtype != DataType.FLOAT32) {
      for (int i = 0; i < tables.length; i++) {
        NDArray converted = tables[i].toType(dtype, true);
        tables[i].close();
        tables[i] = converted;
      }
    }
    return tables;
  }

  /** Row-major ids; an id outside the vocabulary would crash libtorch's index kernel, so check here. */
  long[] flatIds(TokenBatch batch) {
    int t = batch.length();
    long[] ids = new long[batch.batchSize() * t];
    for (int row = 0; row < batch.batchSize(); row++) {
      for (int j = 0; j < t; j++) {
        int id = batch.ids()[row][j];
        if (id < 0 || id >= config.vocabSize()) {
          throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + config.vocabSize() + ")");
        }
        ids[row * t + j] = id;
      }
    }
    return ids;
  }
}

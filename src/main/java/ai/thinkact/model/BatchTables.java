package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * The per-call tables {@link Qwen3Model#forward} builds from a {@link TokenBatch}: the additive
 * attention mask ({@link AttentionMasks}, built on the device), the RoPE cos/sin of each position
 * ({@link RopeTables}, gathered on the device, the 1/sqrt(headDim) attention scale folded into the
 * query's), and the checked, flattened token ids.
 */
final class BatchTables {

  private final Qwen3Config config;
  private final RopeTables rope;

  BatchTables(Qwen3Config config, NDManager manager, DataType dtype) {
    this.config = config;
    this.rope = new RopeTables(config, manager, dtype);
  }

  /**
   * Per-call arrays every layer reads; {@code bias} null when nothing is masked; {@code stackedRope}
   * filled lazily by {@link FusedQkv}.
   */
  record Context(int batch, int length, int past, NDArray bias, NDArray[] rope, NDArray[] stackedRope)
      implements AutoCloseable {
    @Override
    public void close() {
      if (bias != null) {
        bias.close();
      }
      for (NDArray a : rope) {
        a.close();
      }
      for (NDArray a : stackedRope) {
        if (a != null) {
          a.close();
        }
      }
    }
  }

  /** The mask and RoPE tables of {@code batch}, continuing {@code past} cached positions. */
  Context context(NDManager scope, TokenBatch batch, int past, KvCache cache) {
    NDArray bias = AttentionMasks.bias(scope, batch, past, cache == null ? null : cache.keyMask());
    return new Context(batch.batchSize(), batch.length(), past, bias, rope.lookup(scope, batch), new NDArray[2]);
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

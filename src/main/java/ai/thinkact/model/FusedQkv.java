package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.core.Linear;

/**
 * The attention inputs from one stacked {@code (q + 2 kv, hidden)} product, for sampling weights
 * that provide one ({@link Adapter#qkvWeight}): queries and keys are then normed and rotated
 * together as {@code heads + kvHeads} rows per token, against a per-head norm weight and RoPE
 * tables stacked the same way (the query rows' tables carry 1/sqrt(headDim), as in the separate
 * path). A decode step's 30 operations for q, k and v (3 products, 3 reshapes, 2 norms of 6, 2
 * rotations of 6) become 18 (1 product, 1 reshape, 3 slices, 1 norm, 1 rotation, 1 slice). Every
 * element is computed by the same arithmetic as in the separate path (each norm row is one head
 * of one token; each output column of the product one dot product), tested against it.
 */
final class FusedQkv {

  private final Qwen3Config config;
  private final NDManager manager;
  private final NDArray[] normWeights; // per layer (heads + kvHeads, headDim), made on first use

  FusedQkv(Qwen3Config config, NDManager manager) {
    this.config = config;
    this.manager = manager;
    this.normWeights = new NDArray[config.numHiddenLayers()];
  }

  /**
   * q, k, v of layer {@code index} from its normed input.
   *
   * @param a {@code (B*T, hidden)}
   * @param rope the call's {query cos, query signed sin, key cos, key signed sin}, each (B, T, 1, headDim)
   * @param stackedRope the call's stacked tables, filled on first use: {cos, signed sin}, each (B, T, heads + kvHeads, headDim)
   * @return {q (B, T, heads, headDim) normed and rotated, k (B, T, kvHeads, headDim) normed and rotated, v (B, T, kvHeads, headDim)}
   */
  NDArray[] apply(Qwen3Model model, NDArray a, NDArray weight, int index, NDArray qNorm, NDArray kNorm, NDArray[] rope,
      NDArray[] stackedRope, long b, long t) {
    long heads = config.numAttentionHeads();
    long kvHeads = config.numKeyValueHeads();
    long headDim = config.headDim();
    NDArray qkv = Linear.linear(a, weight).singletonOrThrow().reshape(b, t, heads + 2 * kvHeads, headDim);
    NDArray qk = qkv.get(new NDIndex(":, :, :{}", heads + kvHeads)); // (B, T, heads + kvHeads, headDim)
    NDArray v = qkv.get(new NDIndex(":, :, {}:", heads + kvHeads)); // (B, T, kvHeads, headDim)
    if (stackedRope[0] == null) {
      stackedRope[0] = stack(rope[0], rope[2], b, t);
      stackedRope[1] = stack(rope[1], rope[3], b, t);
    }
    qk = model.rmsNorm(qk, normWeight(index, qNorm, kNorm)); // per head before RoPE
    qk = model.applyRope(qk, stackedRope[0], stackedRope[1]);
    NDArray q = qk.get(new NDIndex(":, :, :{}", heads)); // (B, T, heads, headDim), scaled by 1/sqrt(d)
    NDArray k = qk.get(new NDIndex(":, :, {}:", heads)); // (B, T, kvHeads, headDim)
    return new NDArray[] {q, k, v};
  }

  /** {@code (B, T, heads + kvHeads, headDim)}: the query table for the query heads, then the key table. */
  private NDArray stack(NDArray queryTable, NDArray keyTable, long b, long t) {
    long headDim = config.headDim();
    try (NDArray q = queryTable.broadcast(b, t, config.numAttentionHeads(), headDim);
        NDArray k = keyTable.broadcast(b, t, config.numKeyValueHeads(), headDim)) {
      return q.concat(k, 2);
    }
  }

  /** {@code (heads + kvHeads, headDim)}: q_norm's weight for each query head, then k_norm's for each key head. */
  private synchronized NDArray normWeight(int layer, NDArray qNorm, NDArray kNorm) {
    if (normWeights[layer] == null) {
      long headDim = config.headDim();
      try (NDArray q = qNorm.broadcast(config.numAttentionHeads(), headDim); // in the weights' manager
          NDArray k = kNorm.broadcast(config.numKeyValueHeads(), headDim)) {
        NDArray stacked = q.concat(k, 0);
        stacked.attach(manager);
        normWeights[layer] = stacked;
      }
    }
    return normWeights[layer];
  }
}

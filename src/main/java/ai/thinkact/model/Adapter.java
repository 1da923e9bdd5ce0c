package ai.thinkact.model;

import ai.djl.ndarray.NDArray;

/**
 * Something that adds a term to a projection's output, {@code y = x W^T + delta(x)}: LoRA
 * (the lora package's adapter, above this one) is the one implementation. The model knows nothing else
 * about adapters, so running "with the adapter disabled" is passing {@link #NONE}.
 */
public interface Adapter {

  /** No adapter: the base model. */
  Adapter NONE = (layer, projection, x) -> null;

  /**
   * The term to add to {@code x W^T} of {@code projection} in decoder layer {@code layer}, or
   * {@code null} when this projection is not adapted.
   *
   * @param x the projection input, {@code (N, inFeatures)}; the result must be attached to x's manager
   * @return {@code (N, outFeatures)} in x's data type, or null
   */
  NDArray delta(int layer, Projection projection, NDArray x);

  /**
   * A weight {@code (out, in)} to use in place of the base weight of {@code projection}, or
   * {@code null} for the base weight: how an adapter folded into the weights for sampling
   * (the lora package's {@code MergedLoraWeights}) runs one product per projection instead of three.
   */
  default NDArray weight(int layer, Projection projection) {
    return null;
  }

  /**
   * The q, k and v weights (with the adapter folded in) stacked as one {@code (q + 2 kv, hidden)}
   * array, or {@code null}: the model then runs one product for the three ({@link FusedQkv}).
   */
  default NDArray qkvWeight(int layer) {
    return null;
  }
}

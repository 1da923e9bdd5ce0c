package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays built from Java data whose memory libtorch owns. DJL's PyTorch engine wraps a Java
 * array's data in a direct buffer that the tensor merely points to ({@code torch::from_blob});
 * closing the NDArray lets the garbage collector free that buffer while autograd may still hold
 * the tensor for backward (a RoPE table multiplied into the queries is needed again by the
 * backward pass). The gradient then reads freed memory: a run that goes NaN or infinite at a
 * random step. A copy made by libtorch is safe to close whenever the caller likes.
 */
public final class OwnedArrays {
  private OwnedArrays() {}

  /** A libtorch-owned float32 array of {@code shape} holding {@code data}, in {@code manager}. */
  public static NDArray of(NDManager manager, float[] data, Shape shape) {
    try (NDArray borrowed = manager.create(data, shape)) {
      return borrowed.duplicate();
    }
  }

  /** A libtorch-owned int64 array of {@code shape} holding {@code data}, in {@code manager}. */
  public static NDArray of(NDManager manager, long[] data, Shape shape) {
    try (NDArray borrowed = manager.create(data, shape)) {
      return borrowed.duplicate();
    }
  }
}

package ai.thinkact.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * Global-norm gradient clipping exactly as {@code torch.nn.utils.clip_grad_norm_} (L2 norm over
 * all tensors together). DJL's {@code clipGrad} clamps each element instead, which is not this.
 */
public final class GradientClipping {
  /** torch's guard against a zero norm. */
  public static final double NORM_EPSILON = 1e-6;

  private GradientClipping() {}

  /** The L2 norm of all gradients together, accumulated in double. */
  public static double globalNorm(List<NDArray> gradients) {
    double sumOfSquares = 0;
    for (NDArray g : gradients) {
      try (NDArray squares = g.square(); // same shape as g
          NDArray sum = squares.sum(); // ()
          NDArray asDouble = sum.toType(DataType.FLOAT64, true)) { // ()
        sumOfSquares += asDouble.getDouble();
      }
    }
    return Math.sqrt(sumOfSquares);
  }

  /**
   * Scales every gradient in place by min(1, maxNorm / (norm + 1e-6)).
   *
   * @return the norm before clipping (what the HF Trainer logs as {@code grad_norm}); NaN or
   *     infinite norms propagate into the gradients as in torch, for the caller's NaN guard
   */
  public static double clipGradNorm(List<NDArray> gradients, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("max grad norm must be > 0, got " + maxNorm);
    }
    double norm = globalNorm(gradients);
    double coefficient = Math.min(1.0, maxNorm / (norm + NORM_EPSILON));
    if (coefficient < 1.0 || Double.isNaN(coefficient)) {
      for (NDArray g : gradients) {
        try (NDManager scope = g.getManager().newSubManager()) {
          g.muli(scope.create(coefficient).toType(g.getDataType(), false)); // in place, g's shape
        }
      }
    }
    return norm;
  }
}

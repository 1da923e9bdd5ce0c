package ai.thinkact.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The encoder's building blocks, each against values known independently of this code. */
class XlmRobertaPiecesTest {

  @Test
  void geluIsTheExactErfForm() {
    // gelu(x) = x * Phi(x); Phi values are the standard normal CDF from tables.
    float[] x = {1f, -1f, 2f, 0.5f, 0f};
    double[] phi = {0.8413447460685429, 0.15865525393145707, 0.9772498680518208, 0.6914624612740131, 0.5};
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] got = XlmRobertaEncoder.gelu(manager.create(x)).toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i] * phi[i], got[i], 1e-6, "gelu(" + x[i] + ")");
      }
      // The tanh approximation differs from the exact form by 1.5e-4 at x = 1: far above 1e-6.
      double tanhGelu = 0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (1 + 0.044715)));
      assertTrue(Math.abs(tanhGelu - got[0]) > 1e-4, "gelu must not be the tanh approximation");
    }
  }

  @Test
  void positionIdsCountRealTokensFromPadPlusOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray ids = manager.create(new long[][] {{0, 57, 2, 2, 9, 2, 1, 1}, {0, 8, 2, 2, 7, 6, 5, 2}});
      long[] got = XlmRobertaEncoder.positionIds(ids, 1).toLongArray();
      assertArrayEquals(new long[] {2, 3, 4, 5, 6, 7, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9}, got);
    }
  }

  @Test
  void layerNormUsesBiasedVarianceAndAffine() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1f, 2f, 3f, 6f}, new Shape(1, 4));
      NDArray weight = manager.create(new float[] {1f, 2f, 1f, 0.5f});
      NDArray bias = manager.create(new float[] {0f, 0f, 1f, -1f});
      float[] got = XlmRobertaEncoder.layerNorm(x, weight, bias, 1e-5).toFloatArray();
      // mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5
      double sd = Math.sqrt(3.5 + 1e-5);
      double[] want = {-2 / sd, 2 * (-1 / sd), 1 + 0 / sd, -1 + 0.5 * (3 / sd)};
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-6, "element " + i);
      }
    }
  }
}

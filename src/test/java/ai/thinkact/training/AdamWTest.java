package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.thinkact.base.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdamWTest {
  @TempDir Path dir;

  private static final AdamWConfig CONFIG = new AdamWConfig(0.9, 0.99, 1e-8, 0.1);

  /** Gradient of sum(p^2 * w) is 2 p w; fixed weights make each step's gradient differ. */
  private static void backward(NDManager step, List<NDArray> parameters) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray w = step.create(new float[] {1f, 2f, 3f}); // (3)
      NDArray loss = parameters.get(0).square().mul(w).sum().add(parameters.get(1).square().sum()); // ()
      collector.backward(loss);
    }
  }

  @Test
  void autogradStepsZeroGradientsAndDoNotLeak() {
    try (NDManager params = NDManager.newBaseManager()) {
      NDArray a = params.create(new float[] {1f, -2f, 0.5f}); // (3)
      NDArray b = params.create(new float[] {3f}); // (1)
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (AdamW optimizer = new AdamW(List.of(a, b), CONFIG)) {
        for (int k = 0; k < 5; k++) {
          try (NDManager step = params.newSubManager()) {
            backward(step, List.of(a, b));
          }
          float[] before = a.toFloatArray();
          // the test's own forward leaves its results in `params` (pitfall 2); the optimizer must add none
          int managed = params.getManagedArrays().size();
          optimizer.step(0.1);
          optimizer.zeroGradients();
          assertEquals(managed, params.getManagedArrays().size(), "no arrays left in the parameters' manager");
          try (NDArray g = a.getGradient()) {
            assertArrayEquals(new float[3], g.toFloatArray(), 0f, "gradients zeroed after the step");
          }
          // first step of Adam moves every coordinate by about lr (sign of the gradient)
          if (k == 0) {
            assertEquals(before[0] * (1 - 0.1f * 0.1f) - 0.1f, a.toFloatArray()[0], 1e-5);
          }
        }
        assertEquals(5, optimizer.stepCount());
      }
    }
  }

  @Test
  void gradientsAreFreshAfterZeroing() {
    try (NDManager params = NDManager.newBaseManager()) {
      NDArray a = params.create(new float[] {1f, -2f, 0.5f});
      NDArray b = params.create(new float[] {3f});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (AdamW optimizer = new AdamW(List.of(a, b), CONFIG)) {
        try (NDManager step = params.newSubManager()) {
          backward(step, List.of(a, b));
          backward(step, List.of(a, b)); // accumulates: 2 * (2 p w)
        }
        try (NDArray g = a.getGradient()) {
          assertArrayEquals(new float[] {4f, -16f, 6f}, g.toFloatArray(), 1e-6f);
        }
        optimizer.zeroGradients();
        try (NDManager step = params.newSubManager()) {
          backward(step, List.of(a, b));
        }
        try (NDArray g = a.getGradient()) {
          assertArrayEquals(new float[] {2f, -8f, 3f}, g.toFloatArray(), 1e-6f);
        }
      }
    }
  }

  @Test
  void savedStateResumesExactly() throws IOException {
    double[][] grads = {{0.3, -1.0}, {0.05, 0.2}, {-0.7, 0.4}, {1.5, -0.01}};
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray straight = manager.create(new double[] {0.5, -0.25});
      try (AdamW optimizer = new AdamW(List.of(straight), CONFIG)) {
        for (double[] g : grads) {
          optimizer.step(0.01, List.of(manager.create(g)));
        }
      }

      NDArray resumed = manager.create(new double[] {0.5, -0.25});
      Path state = dir.resolve("optimizer.bin");
      try (AdamW first = new AdamW(List.of(resumed), CONFIG)) {
        first.step(0.01, List.of(manager.create(grads[0])));
        first.step(0.01, List.of(manager.create(grads[1])));
        first.save(state);
      }
      try (AdamW second = new AdamW(List.of(resumed), CONFIG)) {
        second.load(state);
        assertEquals(2, second.stepCount());
        second.step(0.01, List.of(manager.create(grads[2])));
        second.step(0.01, List.of(manager.create(grads[3])));
      }
      assertArrayEquals(straight.toDoubleArray(), resumed.toDoubleArray(), 0.0);

      NDArray other = manager.create(new double[] {1, 2, 3});
      try (AdamW mismatched = new AdamW(List.of(other), CONFIG)) {
        assertThrows(IOException.class, () -> mismatched.load(state));
      }
    }
  }

  @Test
  void clippingUsesTheGlobalNorm() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // norm = sqrt(9 + 16 + 144) = 13 over both tensors together
      NDArray g1 = manager.create(new float[] {3f, 4f});
      NDArray g2 = manager.create(new float[] {12f}).toType(DataType.FLOAT32, false);
      double norm = GradientClipping.clipGradNorm(List.of(g1, g2), 1.0);
      assertEquals(13.0, norm, 1e-6);
      double scale = 1.0 / (13.0 + 1e-6);
      assertArrayEquals(new float[] {(float) (3 * scale), (float) (4 * scale)}, g1.toFloatArray(), 1e-7f);
      assertArrayEquals(new float[] {(float) (12 * scale)}, g2.toFloatArray(), 1e-7f);
      // under the limit: untouched
      NDArray small = manager.create(new float[] {0.3f, 0.4f});
      assertEquals(0.5, GradientClipping.clipGradNorm(List.of(small), 1.0), 1e-7);
      assertArrayEquals(new float[] {0.3f, 0.4f}, small.toFloatArray(), 0f);
    }
  }

  @Test
  void configValidates() {
    assertThrows(ConfigException.class, () -> new AdamWConfig(1.0, 0.999, 1e-8, 0));
    assertThrows(ConfigException.class, () -> new AdamWConfig(0.9, 0.999, 0, 0));
    assertThrows(ConfigException.class, () -> new AdamWConfig(0.9, 0.999, 1e-8, -1));
  }
}

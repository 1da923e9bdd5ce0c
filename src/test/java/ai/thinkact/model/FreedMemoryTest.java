package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.thinkact.lora.LoraAdapter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forward pass closes its Java-built inputs (RoPE tables, ids) before the caller's backward
 * pass; they must not be memory the garbage collector can free, or the gradient reads whatever
 * the freed memory holds next. Here the collector runs and the freed memory is filled with NaN
 * between forward and backward: the gradients must equal those of an undisturbed pass.
 */
class FreedMemoryTest {

  @Test
  void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      adapter.requireGradients();
      int[][] ids = new int[4][48];
      for (int r = 0; r < ids.length; r++) {
        for (int j = 0; j < ids[r].length; j++) {
          ids[r][j] = (r * 131 + j * 17) % model.config().vocabSize();
        }
      }
      TokenBatch batch = TokenBatch.rightPadded(List.of(ids));
      Map<String, float[]> quiet = gradients(model, adapter, batch, false);
      Map<String, float[]> disturbed = gradients(model, adapter, batch, true);
      for (String name : quiet.keySet()) {
        assertArrayEquals(quiet.get(name), disturbed.get(name), name);
      }
    }
  }

  private static Map<String, float[]> gradients(Qwen3Model model, LoraAdapter adapter, TokenBatch batch, boolean disturb) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    try (NDManager scope = model.manager().newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray hidden = model.hiddenStates(scope, batch, adapter); // (B, T, hidden)
      NDArray loss = hidden.square().sum(); // ()
      if (disturb) {
        overwriteFreedMemory();
      }
      collector.backward(loss);
      for (Map.Entry<String, NDArray> p : adapter.namedParameters().entrySet()) {
        try (NDArray g = p.getValue().getGradient()) {
          float[] values = g.toFloatArray();
          for (float v : values) {
            assertTrue(Float.isFinite(v), p.getKey() + " has a non-finite gradient");
          }
          out.put(p.getKey(), values);
          g.subi(g); // zero for the next pass
        }
      }
    }
    return out;
  }

  /** Lets the collector free unreachable direct buffers, then fills fresh native memory with NaN. */
  private static void overwriteFreedMemory() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      try {
        Thread.sleep(50); // the Cleaner thread frees the buffers
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<ByteBuffer> filler = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.nativeOrder());
      while (b.remaining() >= 4) {
        b.putFloat(Float.NaN);
      }
      filler.add(b);
    }
    filler.clear();
  }
}

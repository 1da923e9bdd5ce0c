package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Base-model logits equal the float64 PyTorch reference within the README's 2e-4. */
class Qwen3GoldenLogitsTest {

  static final java.util.List<String> CASES = GoldenCase.NAMES;

  @ParameterizedTest
  @FieldSource("CASES")
  void baseLogitsMatchGolden(String name) {
    GoldenCase golden = GoldenCase.of(name);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        NDManager scope = model.manager().newSubManager();
        SafetensorsFile expected = SafetensorsFile.open(golden.dir().resolve("expected_base.safetensors"))) {
      TokenBatch batch = TokenBatch.of(GoldenCase.intRows(golden.inputs().get("logits_input_ids")).toArray(int[][]::new));
      NDArray logits = model.logits(scope, batch, Adapter.NONE); // (B, T, V)
      NDArray want = expected.loadFloat32("logits", scope);
      assertArrayEquals(want.getShape().getShape(), logits.getShape().getShape());
      float maxAbs = logits.sub(want).abs().max().getFloat();
      assertTrue(maxAbs < 2e-4, name + ": max abs logit deviation " + maxAbs);
    }
  }
}

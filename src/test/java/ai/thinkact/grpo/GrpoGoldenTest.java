package ai.thinkact.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The GRPO loss against the TRL goldens: advantages, every loss type, its gradient, intermediates. */
class GrpoGoldenTest {
  static final String[] CASES = {"grpo_clip_kl", "grpo_onpolicy_nokl", "grpo_clip_higher_empty_row"};

  static Stream<Arguments> casesAndTypes() {
    Stream.Builder<Arguments> rows = Stream.builder();
    for (String name : CASES) {
      for (LossType type : LossType.values()) {
        rows.add(Arguments.of(name, type, DataType.FLOAT64));
        rows.add(Arguments.of(name, type, DataType.FLOAT32));
      }
    }
    return rows.build();
  }

  static Stream<String> cases() {
    return Stream.of(CASES);
  }

  static JsonNode load(String name) throws IOException {
    return new ObjectMapper().readTree(TestPaths.golden("grpo").resolve(name + ".json").toFile());
  }

  static double[][] matrix(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(node.get(i));
    }
    return m;
  }

  static double[] vector(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asDouble();
    }
    return v;
  }

  static GrpoLossConfig config(JsonNode params, LossType type) {
    return new GrpoLossConfig(type, params.get("epsilon").asDouble(), params.get("epsilon_high").asDouble(),
        params.get("beta").asDouble(), params.get("max_completion_length").asInt());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void advantages(String name) throws IOException {
    JsonNode golden = load(name);
    double[] rewards = vector(golden.get("inputs").get("rewards"));
    int g = golden.get("params").get("num_generations").asInt();
    double[] expected = vector(golden.get("expected").get("advantages"));
    double[] actual = GroupAdvantages.compute(rewards, g, ScaleRewards.GROUP);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12, name + " advantage " + i);
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("casesAndTypes")
  void lossGradientAndIntermediates(String name, LossType type, DataType dtype) throws IOException {
    JsonNode golden = load(name);
    JsonNode inputs = golden.get("inputs");
    JsonNode expected = golden.get("expected");
    GrpoLossConfig config = config(golden.get("params"), type);
    String key = type.name().toLowerCase(Locale.ROOT);
    double[][] mask = matrix(inputs.get("completion_mask"));
    // float64: 1e-9 absolute; float32: 1e-5 relative to the magnitude (README tolerances)
    double tol = dtype == DataType.FLOAT64 ? 1e-9 : 1e-5;

    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logps = array(manager, matrix(inputs.get("per_token_logps")), dtype); // (B, T)
      NDArray old = array(manager, matrix(inputs.get("old_per_token_logps")), dtype);
      NDArray ref = array(manager, matrix(inputs.get("ref_per_token_logps")), dtype);
      NDArray maskArray = manager.create(mask); // (B, T) float64 on purpose: the loss converts it
      double[] advantages = GroupAdvantages.compute(
          vector(inputs.get("rewards")), golden.get("params").get("num_generations").asInt(), ScaleRewards.GROUP);
      NDArray advArray = manager.create(advantages).toType(dtype, false); // (B)
      logps.setRequiresGradient(true);

      GrpoLoss.Result result;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        result = GrpoLoss.compute(config, GrpoLoss.Inputs.of(logps, old, ref, maskArray, advArray));
        collector.backward(result.loss());
      }
      double loss = result.loss().toType(DataType.FLOAT64, false).getDouble();
      double expectedLoss = expected.get("loss").get(key).asDouble();
      assertEquals(expectedLoss, loss, tol * Math.max(1, Math.abs(expectedLoss)), name + " loss");

      assertMatrix(matrix(expected.get("grad_per_token_logps").get(key)), rows(logps.getGradient()), null, tol, "grad");
      assertMatrix(matrix(expected.get("coef_1")), rows(result.coef1()), mask, tol, "coef_1");
      assertMatrix(matrix(expected.get("per_token_loss")), rows(result.perTokenLoss()), mask, tol, "per_token_loss");
      double[][] kl = matrix(expected.get("per_token_kl"));
      if (kl != null && config.beta() > 0) {
        assertMatrix(kl, rows(result.perTokenKl()), mask, tol, "per_token_kl");
      }
      if (expected.has("n_tokens_ratio_outside_clip_range")) {
        double[][] ratio = rows(result.coef1());
        int outside = 0;
        for (int i = 0; i < ratio.length; i++) {
          for (int t = 0; t < ratio[i].length; t++) {
            boolean out = ratio[i][t] < 1 - config.epsilonLow() || ratio[i][t] > 1 + config.epsilonHigh();
            outside += mask[i][t] > 0 && out ? 1 : 0;
          }
        }
        assertEquals(expected.get("n_tokens_ratio_outside_clip_range").asInt(), outside);
      }
      // Clip shares recomputed from the golden ratios and advantages.
      double[][] goldenRatio = matrix(expected.get("coef_1"));
      double low = 0, high = 0, tokens = 0;
      for (int i = 0; i < mask.length; i++) {
        for (int t = 0; t < mask[i].length; t++) {
          if (mask[i][t] > 0) {
            tokens++;
            low += goldenRatio[i][t] < 1 - config.epsilonLow() && advantages[i] < 0 ? 1 : 0;
            high += goldenRatio[i][t] > 1 + config.epsilonHigh() && advantages[i] > 0 ? 1 : 0;
          }
        }
      }
      double shareTol = dtype == DataType.FLOAT64 ? 1e-12 : 1e-6; // a float32 division
      assertEquals(low / tokens, result.lowClipRatio(), shareTol, "low clip");
      assertEquals(high / tokens, result.highClipRatio(), shareTol, "high clip");
      assertEquals((low + high) / tokens, result.regionClipRatio(), shareTol, "region clip");
    }
  }

  static NDArray array(NDManager manager, double[][] values, DataType dtype) {
    return values == null ? null : manager.create(values).toType(dtype, false);
  }

  static double[][] rows(NDArray array) {
    long[] shape = array.getShape().getShape();
    double[] flat = array.toType(DataType.FLOAT64, false).toDoubleArray();
    double[][] m = new double[(int) shape[0]][(int) shape[1]];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(flat, i * m[i].length, m[i], 0, m[i].length);
    }
    return m;
  }

  /** Compares element-wise; with a mask only where it is 1. */
  static void assertMatrix(double[][] expected, double[][] actual, double[][] mask, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " rows");
    for (int i = 0; i < expected.length; i++) {
      for (int t = 0; t < expected[i].length; t++) {
        if (mask == null || mask[i][t] > 0) {
          double e = expected[i][t];
          assertEquals(e, actual[i][t], tol * Math.max(1, Math.abs(e)), what + "[" + i + "][" + t + "]");
        }
      }
    }
  }
}

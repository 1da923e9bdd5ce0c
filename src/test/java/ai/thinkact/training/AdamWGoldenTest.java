package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AdamW and global-norm clipping against golden/optim (torch.optim.AdamW + clip_grad_norm_). */
class AdamWGoldenTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("adamw_basic", DataType.FLOAT32, 1e-6),
        Arguments.of("adamw_clip", DataType.FLOAT32, 1e-6),
        Arguments.of("adamw_basic", DataType.FLOAT64, 1e-12),
        Arguments.of("adamw_clip", DataType.FLOAT64, 1e-12));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesTorch(String name, DataType dtype, double tol) throws IOException {
    JsonNode golden = new ObjectMapper().readTree(TestPaths.golden("optim").resolve(name + ".json").toFile());
    JsonNode params = golden.get("params");
    AdamWConfig config = new AdamWConfig(params.get("beta1").asDouble(), params.get("beta2").asDouble(),
        params.get("eps").asDouble(), params.get("weight_decay").asDouble());
    double lr = params.get("lr").asDouble();
    JsonNode maxNorm = params.get("max_grad_norm");
    JsonNode expected = golden.get("expected");

    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> parameters = new ArrayList<>();
      for (JsonNode tensor : golden.get("inputs").get("initial_params")) {
        parameters.add(tensor(manager, tensor, dtype));
      }
      try (AdamW optimizer = new AdamW(parameters, config)) {
        JsonNode steps = golden.get("inputs").get("grads_per_step");
        for (int k = 0; k < steps.size(); k++) {
          try (NDManager stepManager = manager.newSubManager()) {
            List<NDArray> grads = new ArrayList<>();
            for (JsonNode tensor : steps.get(k)) {
              grads.add(tensor(stepManager, tensor, dtype));
            }
            if (maxNorm != null && !maxNorm.isNull()) {
              double norm = GradientClipping.clipGradNorm(grads, maxNorm.asDouble());
              double expectedNorm = expected.get("grad_norm_before_clip").get(k).asDouble();
              assertEquals(expectedNorm, norm, tol * Math.max(1, expectedNorm), "norm at step " + (k + 1));
            }
            optimizer.step(lr, grads);
          }
          JsonNode after = expected.get("params_after_step").get(k);
          for (int i = 0; i < parameters.size(); i++) {
            double[] actual = parameters.get(i).toType(DataType.FLOAT64, false).toDoubleArray();
            double[] want = flatten(after.get(i));
            assertEquals(want.length, actual.length);
            for (int j = 0; j < want.length; j++) {
              assertEquals(want[j], actual[j], tol, name + " step " + (k + 1) + " param " + i + "[" + j + "]");
            }
          }
        }
        assertEquals(steps.size(), optimizer.stepCount());
      }
    }
  }

  static NDArray tensor(NDManager manager, JsonNode node, DataType dtype) {
    List<Long> dims = new ArrayList<>();
    for (JsonNode n = node; n.isArray(); n = n.get(0)) {
      dims.add((long) n.size());
    }
    double[] flat = flatten(node);
    Shape shape = new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    return manager.create(flat, shape).toType(dtype, false);
  }

  static double[] flatten(JsonNode node) {
    List<Double> values = new ArrayList<>();
    collect(node, values);
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void collect(JsonNode node, List<Double> out) {
    if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    } else {
      out.add(node.asDouble());
    }
  }
}

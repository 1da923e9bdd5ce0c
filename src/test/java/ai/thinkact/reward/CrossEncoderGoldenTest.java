package ai.thinkact.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code xlmr_ce} golden case: logits of the reference {@code XLMRobertaForSequenceClassification}. */
class CrossEncoderGoldenTest {

  /** Recommended by golden/README.md: the float32 reference deviates by 1.3e-7. */
  private static final double TOLERANCE = 5e-5;

  private static Path caseDir;
  private static JsonNode inputs;
  private static double[] expected;

  @BeforeAll
  static void readCase() throws IOException {
    caseDir = TestPaths.golden("xlmr_ce");
    ObjectMapper json = new ObjectMapper();
    inputs = json.readTree(caseDir.resolve("inputs.json").toFile());
    JsonNode logits = json.readTree(caseDir.resolve("expected.json").toFile()).get("logits");
    expected = new double[logits.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = logits.get(i).asDouble();
    }
  }

  private static List<long[]> pairIds() {
    List<long[]> ids = new ArrayList<>();
    for (JsonNode pair : inputs.get("pairs")) {
      ids.add(longs(pair.get("input_ids")));
    }
    return ids;
  }

  @Test
  void eachPairAloneGivesTheGoldenLogit() {
    List<long[]> pairs = pairIds();
    assertEquals(expected.length, pairs.size());
    try (CrossEncoder reranker = CrossEncoder.load(caseDir.resolve("model"), new CrossEncoder.Options(1, 0))) {
      for (int i = 0; i < pairs.size(); i++) {
        double logit = reranker.logitsOfIds(List.of(pairs.get(i)))[0];
        assertEquals(expected[i], logit, TOLERANCE, "pair " + i);
      }
    }
  }

  @Test
  void batchesPaddedByTheEncoderGiveTheGoldenLogits() {
    try (CrossEncoder reranker = CrossEncoder.load(caseDir.resolve("model"), new CrossEncoder.Options(3, 0))) {
      double[] logits = reranker.logitsOfIds(pairIds());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], logits[i], TOLERANCE, "pair " + i);
      }
    }
  }

  @Test
  void theGoldenRightPaddedBatchGivesTheGoldenLogits() {
    assertMaxDeviation(XlmRobertaEncoder::gelu, deviation -> assertTrue(deviation <= TOLERANCE, "max |diff| " + deviation));
  }

  @Test
  void theTanhApproximationOfGeluWouldFailThisCase() {
    UnaryOperator<NDArray> tanhGelu = x -> x.pow(3).mul(0.044715f).add(x)
        .mul((float) Math.sqrt(2 / Math.PI)).tanh().add(1f).mul(x).mul(0.5f);
    assertMaxDeviation(tanhGelu, deviation -> assertTrue(deviation > TOLERANCE, "tanh gelu moved logits by only " + deviation));
  }

  /** Runs the golden padded batch with the given activation and hands the max |logit - golden| to {@code check}. */
  private static void assertMaxDeviation(UnaryOperator<NDArray> activation, java.util.function.DoubleConsumer check) {
    Path modelDir = caseDir.resolve("model");
    XlmRobertaConfig config = XlmRobertaConfig.load(modelDir.resolve("config.json"));
    JsonNode batch = inputs.get("batch_right_padded");
    try (NDManager manager = NDManager.newBaseManager()) {
      XlmRobertaWeights weights = XlmRobertaWeights.load(config, modelDir, manager);
      XlmRobertaEncoder encoder = new XlmRobertaEncoder(config, weights, activation);
      NDArray ids = matrix(manager, batch.get("input_ids")); // (B, T)
      NDArray mask = matrix(manager, batch.get("attention_mask")); // (B, T)
      float[] logits = encoder.logits(ids, mask).toFloatArray(); // (B)
      assertEquals(expected.length, logits.length);
      double worst = 0;
      for (int i = 0; i < logits.length; i++) {
        worst = Math.max(worst, Math.abs(logits[i] - expected[i]));
      }
      check.accept(worst);
    }
  }

  private static NDArray matrix(NDManager manager, JsonNode rows) {
    int width = rows.get(0).size();
    long[] flat = new long[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(longs(rows.get(r)), 0, flat, r * width, width);
    }
    return manager.create(flat, new Shape(rows.size(), width));
  }

  private static long[] longs(JsonNode array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asLong();
    }
    return values;
  }
}

package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Qwen3Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Full-parameter training ({@link ModelWeights}): the chunked loss's gradients of every weight,
 * the tied or separate LM head included, equal plain autograd through a full log-softmax.
 */
class ModelWeightsGradientTest {

  static final List<String> CASES = GoldenCase.NAMES;

  @ParameterizedTest
  @FieldSource("CASES")
  void everyWeightGetsTheGradientOfAFullLogSoftmax(String name) {
    GoldenCase golden = GoldenCase.of(name);
    LmBatch batch = LmStepGoldenTest.goldenBatch(golden);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        NDManager scope = model.manager().newSubManager()) {
      ModelWeights weights = new ModelWeights(model, golden.modelDir());
      try (AdamW optimizer = new AdamW(weights.parameters(), AdamWConfig.torchDefaults())) {
        // Blocks of 100 words over a vocabulary of 512: a ragged last block in both passes.
        LmStep step = new LmStep(model, weights, optimizer, 0, 100);
        double chunked = step.forwardBackward(scope, batch, batch.targetTokens()).meanLoss();
        Map<String, float[]> chunkedGrads = gradients(model);
        optimizer.zeroGradients();

        double full = FullSoftmaxReference.lossAndBackward(scope, model, batch, Adapter.NONE);
        assertEquals(full, chunked, 1e-5 * Math.abs(full), name + " loss");
        Map<String, float[]> fullGrads = gradients(model);
        assertEquals(fullGrads.keySet(), chunkedGrads.keySet());
        for (String key : fullGrads.keySet()) {
          FullSoftmaxReference.Deviation d = FullSoftmaxReference.Deviation.of(fullGrads.get(key), chunkedGrads.get(key));
          assertTrue(d.maxAbs() > 0, name + " " + key + ": no gradient at all");
          assertTrue(d.maxDiff() <= 1e-4 * d.maxAbs(), name + " " + key + ": " + d.maxDiff() + " vs max " + d.maxAbs());
        }
        optimizer.zeroGradients();
      }
    }
  }

  private static Map<String, float[]> gradients(Qwen3Model model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> p : model.namedWeights().entrySet()) {
      try (NDArray g = p.getValue().getGradient()) {
        out.put(p.getKey(), g.toFloatArray());
      }
    }
    return out;
  }
}

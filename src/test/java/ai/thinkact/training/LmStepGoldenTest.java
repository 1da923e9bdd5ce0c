package ai.thinkact.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SafetensorsFile;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The SFT loss, its backward pass and AdamW against ../shared/golden lora_training, and the
 * vocabulary-chunked loss against a plain full log-softmax.
 */
class LmStepGoldenTest {

  static final List<String> CASES = GoldenCase.NAMES;

  /** The golden completions as SFT examples: loss on the completion tokens only. */
  static LmBatch goldenBatch(GoldenCase golden) {
    List<LmExample> examples = new ArrayList<>();
    for (JsonNode c : golden.inputs().get("completions")) {
      int[] prompt = GoldenCase.ints(c.get("prompt_ids"));
      int[] completion = GoldenCase.ints(c.get("completion_ids"));
      int[] ids = new int[prompt.length + completion.length];
      boolean[] mask = new boolean[ids.length];
      System.arraycopy(prompt, 0, ids, 0, prompt.length);
      System.arraycopy(completion, 0, ids, prompt.length, completion.length);
      for (int i = prompt.length; i < ids.length; i++) {
        mask[i] = true;
      }
      examples.add(new LmExample("golden", ids, mask, 0));
    }
    return LmBatch.of(examples);
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void initialLossAndLoraGradientsMatchGolden(String name) {
    GoldenCase golden = GoldenCase.of(name);
    JsonNode training = golden.expected().get("lora_training");
    LmBatch batch = goldenBatch(golden);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        AdamW optimizer = new AdamW(new AdapterWeights(adapter, "base").parameters(), AdamWConfig.torchDefaults());
        NDManager scope = model.manager().newSubManager();
        SafetensorsFile expected = SafetensorsFile.open(golden.dir().resolve("expected_lora_grads.safetensors"))) {
      // A vocabulary block smaller than the vocabulary, with a ragged last block, exercises the online softmax.
      LmStep step = new LmStep(model, new AdapterWeights(adapter, "base"), optimizer, 0, 100);
      LmStep.Score score = step.forwardBackward(scope, batch, batch.targetTokens());
      assertEquals(training.get("initial_loss").asDouble(), score.meanLoss(), 1e-4, name + " initial loss");
      double maxAbsGrad = training.get("max_abs_grad").asDouble();
      for (Map.Entry<String, NDArray> p : adapter.namedParameters().entrySet()) {
        float dev = p.getValue().getGradient().sub(expected.loadFloat32(p.getKey(), scope)).abs().max().getFloat();
        assertTrue(dev <= 1e-4 * maxAbsGrad, name + " " + p.getKey() + ": gradient deviation " + dev);
      }
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void adamwLossTrajectoryMatchesGolden(String name) {
    GoldenCase golden = GoldenCase.of(name);
    double[] losses = GoldenCase.doubles(golden.expected().get("lora_training").get("adamw_losses"));
    LmBatch batch = goldenBatch(golden);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        AdamW optimizer = new AdamW(new AdapterWeights(adapter, "base").parameters(), new AdamWConfig(0.9, 0.999, 1e-8, 0.01))) {
      LmStep step = new LmStep(model, new AdapterWeights(adapter, "base"), optimizer, 0);
      for (int k = 0; k < 3; k++) {
        LmStep.Result r = step.step(List.of(batch), 1e-2);
        assertTrue(r.updated());
        assertEquals(losses[k], r.loss(), 1e-4, name + " loss before AdamW step " + (k + 1));
      }
      assertEquals(losses[3], step.evaluate(batch).meanLoss(), 1e-4, name + " loss after 3 AdamW steps");
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void chunkedLossEqualsFullLogSoftmax(String name) {
    GoldenCase golden = GoldenCase.of(name);
    LmBatch batch = goldenBatch(golden);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        AdamW optimizer = new AdamW(new AdapterWeights(adapter, "base").parameters(), AdamWConfig.torchDefaults());
        NDManager scope = model.manager().newSubManager()) {
      LmStep step = new LmStep(model, new AdapterWeights(adapter, "base"), optimizer, 0, 64);
      double chunked = step.forwardBackward(scope, batch, batch.targetTokens()).meanLoss();
      Map<String, float[]> chunkedGrads = gradients(adapter);
      optimizer.zeroGradients();

      // Reference: full (N, V) logits, log-softmax, gather, mean, plain autograd.
      double full = FullSoftmaxReference.lossAndBackward(scope, model, batch, adapter);
      assertEquals(full, chunked, 1e-5 * Math.abs(full), name + " loss");
      Map<String, float[]> fullGrads = gradients(adapter);
      for (String key : fullGrads.keySet()) {
        FullSoftmaxReference.Deviation d = FullSoftmaxReference.Deviation.of(fullGrads.get(key), chunkedGrads.get(key));
        assertTrue(d.maxDiff() <= 1e-5 * d.maxAbs(), name + " " + key + ": " + d.maxDiff() + " vs max " + d.maxAbs());
      }
    }
  }

  static Map<String, float[]> gradients(LoraAdapter adapter) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, NDArray> p : adapter.namedParameters().entrySet()) {
      try (NDArray g = p.getValue().getGradient()) {
        out.put(p.getKey(), g.toFloatArray());
      }
    }
    return out;
  }
}

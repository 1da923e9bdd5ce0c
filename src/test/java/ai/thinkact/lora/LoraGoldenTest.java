package ai.thinkact.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.PromptCompletion;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SafetensorsFile;
import ai.thinkact.model.TokenBatch;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The golden PEFT adapters: logits, completion log-probs and LoRA gradients of the training loss. */
class LoraGoldenTest {

  static final List<String> CASES = GoldenCase.NAMES;

  @ParameterizedTest
  @FieldSource("CASES")
  void adaptedLogitsMatchGolden(String name) {
    GoldenCase golden = GoldenCase.of(name);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        NDManager scope = model.manager().newSubManager();
        SafetensorsFile expected = SafetensorsFile.open(golden.dir().resolve("expected_lora.safetensors"))) {
      TokenBatch batch = TokenBatch.of(GoldenCase.intRows(golden.inputs().get("logits_input_ids")).toArray(int[][]::new));
      NDArray logits = model.logits(scope, batch, adapter); // (B, T, V)
      float maxAbs = logits.sub(expected.loadFloat32("logits", scope)).abs().max().getFloat();
      assertTrue(maxAbs < 2e-4, name + ": max abs logit deviation with adapter " + maxAbs);
      // Disabling the adapter gives the base model back (the GRPO reference pass).
      NDArray base = model.logits(scope, batch, Adapter.NONE);
      try (SafetensorsFile baseExpected = SafetensorsFile.open(golden.dir().resolve("expected_base.safetensors"))) {
        float baseAbs = base.sub(baseExpected.loadFloat32("logits", scope)).abs().max().getFloat();
        assertTrue(baseAbs < 2e-4, name + ": base logits after adapter use " + baseAbs);
      }
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void completionLogprobsMatchGolden(String name) {
    GoldenCase golden = GoldenCase.of(name);
    List<PromptCompletion> items = completions(golden);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      for (String variant : List.of("base", "lora")) {
        for (String temperature : List.of("T1.0", "T0.7")) {
          try (NDManager scope = model.manager().newSubManager()) {
            Adapter a = variant.equals("base") ? Adapter.NONE : adapter;
            float t = Float.parseFloat(temperature.substring(1));
            float[][] got = LogProbs.of(model, scope, items, t, a, false).rows(items);
            JsonNode want = golden.expected().get("completion_logprobs").get(variant).get(temperature);
            for (int i = 0; i < items.size(); i++) {
              double[] w = GoldenCase.doubles(want.get(i));
              assertEquals(w.length, got[i].length);
              for (int j = 0; j < w.length; j++) {
                assertEquals(w[j], got[i][j], 2e-4, name + " " + variant + " " + temperature + " completion " + i + " token " + j);
              }
            }
          }
        }
      }
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void loraGradientsOfTrainingLossMatchGolden(String name) {
    GoldenCase golden = GoldenCase.of(name);
    List<PromptCompletion> items = completions(golden);
    int tokens = items.stream().mapToInt(i -> i.completionIds().length).sum();
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        NDManager scope = model.manager().newSubManager();
        SafetensorsFile expected = SafetensorsFile.open(golden.dir().resolve("expected_lora_grads.safetensors"))) {
      adapter.requireGradients();
      double maxAbsGrad = golden.expected().get("lora_training").get("max_abs_grad").asDouble();
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logprobs = LogProbs.of(model, scope, items, 1f, adapter, false).logps(); // (B, C)
        NDArray loss = logprobs.sum().neg().div(scope.full(new ai.djl.ndarray.types.Shape(), tokens)); // ()
        assertEquals(golden.expected().get("lora_training").get("initial_loss").asDouble(), loss.getFloat(), 1e-4);
        collector.backward(loss);
      }
      for (Map.Entry<String, NDArray> p : adapter.namedParameters().entrySet()) {
        NDArray grad = p.getValue().getGradient();
        NDArray want = expected.loadFloat32(p.getKey(), scope);
        float dev = grad.sub(want).abs().max().getFloat();
        assertTrue(dev <= 1e-4 * maxAbsGrad, name + " " + p.getKey() + ": gradient deviation " + dev);
      }
      assertEquals(expected.names().size(), adapter.namedParameters().size());
      // Base weights never take part in autograd.
      assertTrue(!model.projectionWeight(0, ai.thinkact.model.Projection.Q_PROJ).hasGradient());
    }
  }

  static List<PromptCompletion> completions(GoldenCase golden) {
    List<PromptCompletion> items = new ArrayList<>();
    for (JsonNode c : golden.inputs().get("completions")) {
      items.add(new PromptCompletion(GoldenCase.ints(c.get("prompt_ids")), GoldenCase.ints(c.get("completion_ids"))));
    }
    return items;
  }
}

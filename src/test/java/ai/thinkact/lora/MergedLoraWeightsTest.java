package ai.thinkact.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.Generator;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SamplingSettings;
import ai.thinkact.model.TokenBatch;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The adapter folded into the weights gives the unmerged adapter's outputs, and follows its updates. */
class MergedLoraWeightsTest {

  static final List<String> CASES = GoldenCase.NAMES;

  @ParameterizedTest
  @FieldSource("CASES")
  void mergedLogitsAndGreedyIdsEqualTheUnmergedAdapter(String name) {
    GoldenCase golden = GoldenCase.of(name);
    List<int[]> prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        MergedLoraWeights merged = MergedLoraWeights.of(model, adapter);
        NDManager scope = model.manager().newSubManager()) {
      TokenBatch batch = TokenBatch.of(GoldenCase.intRows(golden.inputs().get("logits_input_ids")).toArray(int[][]::new));
      NDArray want = model.logits(scope, batch, adapter); // (B, T, V)
      NDArray got = model.logits(scope, batch, merged); // (B, T, V)
      float maxAbs = got.sub(want).abs().max().getFloat();
      assertTrue(maxAbs < 1e-4, name + ": merged vs unmerged logits deviate by " + maxAbs);

      SamplingSettings greedy = SamplingSettings.greedy(golden.inputs().get("generation").get("max_new_tokens").asInt(), Set.of());
      Generator generator = new Generator(model);
      List<GenerationResult> unmerged = generator.generate(prompts, greedy, adapter);
      List<GenerationResult> folded = generator.generate(prompts, greedy, merged);
      List<int[]> golden_ = GoldenCase.intRows(golden.expected().get("generation").get("lora").get("new_ids"));
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(unmerged.get(i).tokenIds(), folded.get(i).tokenIds(), name + " prompt " + i);
        assertArrayEquals(golden_.get(i), folded.get(i).tokenIds(), name + " prompt " + i + " vs golden");
      }
    }
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void theStackedQkvProductGivesWhatThreeProductsGive(String name) {
    GoldenCase golden = GoldenCase.of(name);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        MergedLoraWeights merged = MergedLoraWeights.of(model, adapter);
        NDManager scope = model.manager().newSubManager()) {
      Adapter separate = new Adapter() { // the same merged weights, q, k and v as three products
        @Override
        public NDArray delta(int layer, ai.thinkact.model.Projection projection, NDArray x) {
          return null;
        }

        @Override
        public NDArray weight(int layer, ai.thinkact.model.Projection projection) {
          return merged.weight(layer, projection);
        }
      };
      TokenBatch batch = TokenBatch.of(GoldenCase.intRows(golden.inputs().get("logits_input_ids")).toArray(int[][]::new));
      NDArray stacked = model.logits(scope, batch, merged); // (B, T, V)
      NDArray three = model.logits(scope, batch, separate); // (B, T, V)
      float maxAbs = stacked.sub(three).abs().max().getFloat();
      assertTrue(maxAbs <= 1e-5, name + ": stacked vs separate q/k/v logits deviate by " + maxAbs);
    }
  }

  @Test
  void sampledIdsAreTheSameDrawsAsUnmerged() {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    List<int[]> prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        MergedLoraWeights merged = MergedLoraWeights.of(model, adapter)) {
      Generator generator = new Generator(model);
      SamplingSettings hot = SamplingSettings.sample(1.2f, 0, 0.95f, 3L, 10, Set.of());
      List<GenerationResult> a = generator.generate(prompts, hot, adapter, new Random(11));
      List<GenerationResult> b = generator.generate(prompts, hot, merged, new Random(11));
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(a.get(i).tokenIds(), b.get(i).tokenIds(), "prompt " + i);
      }
    }
  }

  @Test
  void refreshFollowsAnUpdateOfTheAdapterAndCloseFreesTheCopies() {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      TokenBatch batch = TokenBatch.of(GoldenCase.intRows(golden.inputs().get("logits_input_ids")).toArray(int[][]::new));
      try (NDManager warmUp = model.manager().newSubManager();
          MergedLoraWeights first = MergedLoraWeights.of(model, adapter)) {
        model.logits(warmUp, batch, first); // the model's RoPE tables and stacked q/k norm weights are made on first use
      }
      int modelArrays = model.manager().getManagedArrays().size();
      try (MergedLoraWeights merged = MergedLoraWeights.of(model, adapter);
          NDManager scope = model.manager().newSubManager()) {
        // An "optimizer step": B of every adapted projection grows by 10%.
        for (var p : adapter.namedParameters().entrySet()) {
          if (p.getKey().endsWith("lora_B.weight")) {
            p.getValue().muli(scope.full(new Shape(), 1.1f));
          }
        }
        NDArray stale = model.logits(scope, batch, merged);
        merged.refresh();
        NDArray want = model.logits(scope, batch, adapter);
        NDArray got = model.logits(scope, batch, merged);
        assertTrue(got.sub(want).abs().max().getFloat() < 1e-4, "refreshed merge follows the adapter");
        assertTrue(stale.sub(want).abs().max().getFloat() > 1e-4, "the update changed the logits");
      }
      assertEquals(modelArrays, model.manager().getManagedArrays().size(), "merged copies freed on close");
      assertEquals(Adapter.NONE.weight(0, ai.thinkact.model.Projection.Q_PROJ), null);
    }
  }
}

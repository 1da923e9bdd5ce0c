package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.thinkact.lora.LoraAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Greedy ids, cached decoding and memory of the batched generator. */
class GenerationGoldenTest {

  static final List<String> CASES = GoldenCase.NAMES;

  @ParameterizedTest
  @FieldSource("CASES")
  void greedyIdsMatchGoldenAloneAndInOneLeftPaddedBatch(String name) {
    GoldenCase golden = GoldenCase.of(name);
    JsonNode gen = golden.inputs().get("generation");
    List<int[]> prompts = GoldenCase.intRows(gen.get("prompts"));
    SamplingSettings greedy = SamplingSettings.greedy(gen.get("max_new_tokens").asInt(), Set.of());
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      Generator generator = new Generator(model);
      for (String variant : List.of("base", "lora")) {
        Adapter a = variant.equals("base") ? Adapter.NONE : adapter;
        List<int[]> want = GoldenCase.intRows(golden.expected().get("generation").get(variant).get("new_ids"));
        List<GenerationResult> batched = generator.generate(prompts, greedy, a);
        for (int i = 0; i < prompts.size(); i++) {
          GenerationResult alone = generator.generate(List.of(prompts.get(i)), greedy, a).get(0);
          assertArrayEquals(want.get(i), alone.tokenIds(), name + " " + variant + " prompt " + i + " alone");
          assertEquals(FinishReason.LENGTH, alone.finishReason());
          assertArrayEquals(want.get(i), batched.get(i).tokenIds(), name + " " + variant + " prompt " + i + " batched");
        }
      }
    }
  }

  @Test
  void cachedDecodingOfALeftPaddedBatchEqualsTheFullForward() {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    List<int[]> prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    int[][] continuation = {{7, 300, 41, 12}, {500, 3, 3, 99}, {1, 2, 250, 8}};
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        NDManager scope = model.manager().newSubManager()) {
      int b = prompts.size();
      TokenBatch prompt = TokenBatch.leftPadded(prompts);
      int[] positions = new int[b];
      for (int i = 0; i < b; i++) {
        positions[i] = prompts.get(i).length;
      }
      float maxDev = 0;
      try (KvCache cache = new KvCache(scope, model.config(), b, prompt.length() + 4, model.dataType())) {
        NDArray last = model.forward(scope, prompt, adapter, cache).get(new NDIndex(":, -1, :")); // (B, hidden)
        List<NDArray> stepLogits = new ArrayList<>();
        stepLogits.add(model.fewRowLogits(last));
        for (int s = 0; s < 3; s++) {
          int[] tokens = new int[b];
          for (int i = 0; i < b; i++) {
            tokens[i] = continuation[i][s];
          }
          NDArray h = model.forward(scope, TokenBatch.step(tokens, positions), adapter, cache); // (B, 1, hidden)
          stepLogits.add(model.fewRowLogits(h.reshape(b, -1)));
          for (int i = 0; i < b; i++) {
            positions[i]++;
          }
        }
        for (int i = 0; i < b; i++) {
          int[] full = new int[prompts.get(i).length + 3];
          System.arraycopy(prompts.get(i), 0, full, 0, prompts.get(i).length);
          System.arraycopy(continuation[i], 0, full, prompts.get(i).length, 3);
          NDArray reference = model.logits(scope, TokenBatch.of(new int[][] {full}), adapter); // (1, T, V)
          for (int s = 0; s < 4; s++) {
            NDArray want = reference.get(0, prompts.get(i).length - 1 + s); // (V)
            NDArray got = stepLogits.get(s).get(i); // (V)
            maxDev = Math.max(maxDev, got.sub(want).abs().max().getFloat());
          }
        }
      }
      assertTrue(maxDev < 1e-4, "cached vs full logits deviate by " + maxDev);
    }
  }

  @Test
  void liveArrayCountStaysFlatOver200GenerationCalls() {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    List<int[]> prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      Generator generator = new Generator(model);
      // Short calls keep the test quick; every call still allocates a cache, prefills and decodes.
      SamplingSettings sampling = SamplingSettings.sample(0.9f, 20, 0.95f, 1L, 3, Set.of(191));
      prompts = prompts.subList(0, 2);
      Random random = new Random(7);
      generator.generate(prompts, sampling, adapter, random);
      int modelArrays = model.manager().getManagedArrays().size();
      int adapterArrays = adapter.manager().getManagedArrays().size();
      for (int call = 0; call < 200; call++) {
        generator.generate(prompts, sampling, call % 2 == 0 ? adapter : Adapter.NONE, random);
      }
      assertEquals(modelArrays, model.manager().getManagedArrays().size(), "arrays left in the model's manager");
      assertEquals(adapterArrays, adapter.manager().getManagedArrays().size(), "arrays left in the adapter's manager");
    }
  }

  @Test
  void samplingIsSeededAndTopKOneIsGreedy() {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    List<int[]> prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu())) {
      Generator generator = new Generator(model);
      SamplingSettings hot = SamplingSettings.sample(1.5f, 0, 0.9f, 42L, 12, Set.of());
      List<GenerationResult> a = generator.generate(prompts, hot, Adapter.NONE);
      List<GenerationResult> b = generator.generate(prompts, hot, Adapter.NONE);
      List<GenerationResult> greedy = generator.generate(prompts, SamplingSettings.greedy(12, Set.of()), Adapter.NONE);
      List<GenerationResult> topOne =
          generator.generate(prompts, SamplingSettings.sample(1f, 1, 1f, 5L, 12, Set.of()), Adapter.NONE);
      boolean differsFromGreedy = false;
      for (int i = 0; i < prompts.size(); i++) {
        assertArrayEquals(a.get(i).tokenIds(), b.get(i).tokenIds(), "same seed, same samples");
        assertArrayEquals(greedy.get(i).tokenIds(), topOne.get(i).tokenIds(), "top-k 1 is greedy");
        differsFromGreedy |= !java.util.Arrays.equals(a.get(i).tokenIds(), greedy.get(i).tokenIds());
      }
      assertTrue(differsFromGreedy, "temperature 1.5 sampling should leave the greedy path somewhere");
    }
  }

  @Test
  void stopIdEndsASequenceWithStop() {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    List<int[]> prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    int[] want = GoldenCase.ints(golden.expected().get("generation").get("base").get("new_ids").get(0));
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu())) {
      // Stop on the golden continuation's 2nd token (unlike its 1st): prompt 0 stops right there.
      List<GenerationResult> r = new Generator(model).generate(prompts, SamplingSettings.greedy(16, Set.of(want[1])), Adapter.NONE);
      assertEquals(FinishReason.STOP, r.get(0).finishReason());
      assertArrayEquals(java.util.Arrays.copyOf(want, 2), r.get(0).tokenIds());
    }
  }
}

package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.thinkact.lora.LoraAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rows with their own settings in one batch ({@link Generator#generateRows}) on the golden tiny model. */
class GenerationRowsTest {

  private static GoldenCase golden;
  private static Qwen3Model model;
  private static LoraAdapter adapter;
  private static List<int[]> prompts;

  @BeforeAll
  static void load() {
    golden = GoldenCase.of("qwen3_tied");
    model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
    adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
    prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
  }

  @AfterAll
  static void close() {
    adapter.close();
    model.close();
  }

  @Test
  void mixedRowsEqualEachRowAlone() {
    Generator generator = new Generator(model);
    List<GenerationRow> rows = new ArrayList<>();
    rows.add(new GenerationRow(prompts.get(0), SamplingSettings.greedy(16, Set.of()), new Random(0), -1, null));
    rows.add(new GenerationRow(prompts.get(1), SamplingSettings.greedy(5, Set.of()), new Random(0), 2, null));
    rows.add(new GenerationRow(prompts.get(2), SamplingSettings.sample(0.8f, 40, 0.9f, 0, 9, Set.of()), new Random(11), 0, null));
    rows.add(new GenerationRow(prompts.get(0), SamplingSettings.sample(1.3f, 0, 1f, 0, 12, Set.of()), new Random(12), 3, null));
    List<GenerationResult> batched = generator.generateRows(rows, adapter);
    List<int[]> wantGreedy = GoldenCase.intRows(golden.expected().get("generation").get("lora").get("new_ids"));
    assertArrayEquals(wantGreedy.get(0), batched.get(0).tokenIds());
    assertArrayEquals(Arrays.copyOf(wantGreedy.get(1), 5), batched.get(1).tokenIds());
    assertNull(batched.get(0).logprobs());
    for (int i = 0; i < rows.size(); i++) {
      GenerationRow row = rows.get(i);
      GenerationRow fresh = new GenerationRow(row.prompt(), row.settings(), new Random(i < 2 ? 0 : 9 + i), row.logprobs(), null);
      GenerationResult alone = generator.generateRows(List.of(fresh), adapter).get(0);
      assertArrayEquals(alone.tokenIds(), batched.get(i).tokenIds(), "row " + i);
      assertEquals(row.settings().maxNewTokens(), batched.get(i).tokenIds().length, "no stop ids: the whole budget");
      if (row.logprobs() >= 0) {
        float[] a = alone.logprobs().chosen();
        float[] c = batched.get(i).logprobs().chosen();
        for (int s = 0; s < a.length; s++) {
          assertEquals(a[s], c[s], 1e-5, "row " + i + " step " + s);
        }
      }
    }
  }

  @Test
  void logprobsEqualScoringTheGeneratedTokensAtTheSameTemperature() {
    Generator generator = new Generator(model);
    for (float temperature : new float[] {0f, 0.7f}) {
      SamplingSettings settings = temperature == 0f ? SamplingSettings.greedy(10, Set.of())
          : SamplingSettings.sample(temperature, 0, 1f, 0, 10, Set.of());
      List<GenerationRow> rows = new ArrayList<>();
      for (int[] p : prompts) {
        rows.add(new GenerationRow(p, settings, new Random(5), 4, null));
      }
      List<GenerationResult> results = generator.generateRows(rows, adapter);
      List<PromptCompletion> items = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        items.add(new PromptCompletion(prompts.get(i), results.get(i).tokenIds()));
      }
      float[][] scored;
      try (NDManager scope = model.manager().newSubManager()) {
        float t = temperature == 0f ? 1f : temperature;
        scored = LogProbs.of(model, scope, items, t, adapter, false).rows(items);
      }
      for (int i = 0; i < rows.size(); i++) {
        TokenLogprobs lp = results.get(i).logprobs();
        int[] ids = results.get(i).tokenIds();
        for (int s = 0; s < ids.length; s++) {
          assertEquals(scored[i][s], lp.chosen()[s], 1e-4, "T " + temperature + " row " + i + " step " + s);
          assertEquals(4, lp.topIds()[s].length);
          for (int j = 1; j < 4; j++) {
            assertTrue(lp.topLogprobs()[s][j - 1] >= lp.topLogprobs()[s][j], "top log-probs are sorted");
          }
          assertTrue(lp.topLogprobs()[s][0] >= lp.chosen()[s] - 1e-6, "nothing beats the top token");
          if (temperature == 0f) {
            assertEquals(ids[s], lp.topIds()[s][0], "greedy picks the top token");
            assertEquals(lp.chosen()[s], lp.topLogprobs()[s][0], 1e-6);
          }
        }
      }
    }
  }

  @Test
  void stopAfterEndsOnlyItsRow() {
    Generator generator = new Generator(model);
    int[] want = GoldenCase.ints(golden.expected().get("generation").get("base").get("new_ids").get(0));
    SamplingSettings greedy = SamplingSettings.greedy(16, Set.of());
    List<GenerationResult> r = generator.generateRows(List.of(
        new GenerationRow(prompts.get(0), greedy, new Random(0), -1, ids -> ids.length == 3),
        GenerationRow.of(prompts.get(0), greedy, new Random(0))), Adapter.NONE);
    assertEquals(FinishReason.STOP, r.get(0).finishReason());
    assertArrayEquals(Arrays.copyOf(want, 3), r.get(0).tokenIds());
    assertEquals(FinishReason.LENGTH, r.get(1).finishReason());
    assertArrayEquals(want, r.get(1).tokenIds());
  }

  @Test
  void liveArrayCountStaysFlatWithLogprobsAndMixedRows() {
    Generator generator = new Generator(model);
    Random random = new Random(3);
    List<GenerationRow> rows = List.of(
        new GenerationRow(prompts.get(0), SamplingSettings.greedy(4, Set.of()), random, 5, null),
        new GenerationRow(prompts.get(1), SamplingSettings.sample(0.8f, 20, 0.9f, 0, 3, Set.of()), random, 0, ids -> false));
    generator.generateRows(rows, adapter);
    int modelArrays = model.manager().getManagedArrays().size();
    int adapterArrays = adapter.manager().getManagedArrays().size();
    for (int call = 0; call < 20; call++) {
      generator.generateRows(rows, call % 2 == 0 ? adapter : Adapter.NONE);
    }
    assertEquals(modelArrays, model.manager().getManagedArrays().size(), "arrays left in the model's manager");
    assertEquals(adapterArrays, adapter.manager().getManagedArrays().size(), "arrays left in the adapter's manager");
  }
}

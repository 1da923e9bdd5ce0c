package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.lora.LoraAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Prefilling shared prompts and prefixes once gives what prefilling every row whole gives. */
class PrefixSharingTest {

  static final List<String> CASES = GoldenCase.NAMES;
  /**
   * Shared and unshared log-probs may differ by float32 rounding: the masked zeros sit elsewhere in
   * the softmax sums, and a one-token rest after a cached prefix takes the matrix-vector kernel
   * (1.4e-6 seen in serve's test). The cases here come out bitwise equal on the CPU.
   */
  static final float LOGPROB_TOLERANCE = 1e-5f;

  /** A 40-token prefix (a "system prompt") followed by the golden prompts, some rows repeated. */
  static List<int[]> sharedPrefixPrompts(GoldenCase golden) {
    int[] prefix = new Random(5).ints(40, 0, 500).toArray();
    List<int[]> rests = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    List<int[]> prompts = new ArrayList<>();
    for (int which : new int[] {0, 1, 1, 2, 0, 2, 2}) {
      int[] rest = rests.get(which);
      int[] p = new int[prefix.length + rest.length];
      System.arraycopy(prefix, 0, p, 0, prefix.length);
      System.arraycopy(rest, 0, p, prefix.length, rest.length);
      prompts.add(p);
    }
    return prompts;
  }

  @ParameterizedTest
  @FieldSource("CASES")
  void greedyIdsAndLogprobsEqualUnsharedPrefillWithAndWithoutTheAdapter(String name) {
    GoldenCase golden = GoldenCase.of(name);
    List<int[]> prompts = sharedPrefixPrompts(golden);
    SamplingSettings greedy = SamplingSettings.greedy(12, Set.of());
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      for (Adapter a : List.of(Adapter.NONE, adapter)) {
        List<GenerationRow> rows = new ArrayList<>();
        for (int[] p : prompts) {
          rows.add(new GenerationRow(p, greedy, new Random(1), 3, null));
        }
        List<GenerationResult> shared = new Generator(model, true).generateRows(rows, a);
        List<GenerationResult> whole = new Generator(model, false).generateRows(rows, a);
        for (int i = 0; i < rows.size(); i++) {
          String what = name + (a == Adapter.NONE ? " base" : " lora") + " row " + i;
          assertArrayEquals(whole.get(i).tokenIds(), shared.get(i).tokenIds(), what);
          assertClose(whole.get(i).logprobs(), shared.get(i).logprobs(), what);
          GenerationResult alone = new Generator(model, false).generateRows(List.of(rows.get(i)), a).get(0);
          assertArrayEquals(alone.tokenIds(), shared.get(i).tokenIds(), what + " alone");
        }
      }
    }
  }

  @Test
  void aStoredPrefixServesLaterCallsWithTheSameOutputsAndOnlyForItsAdapter() {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    List<int[]> prompts = sharedPrefixPrompts(golden);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        PrefixStore store = new PrefixStore(model)) {
      Generator generator = new Generator(model);
      Generator whole = new Generator(model, false);
      // Batches as eval makes them: the first two prompts, then the rest in pairs, then one alone.
      List<List<int[]>> batches = List.of(prompts.subList(0, 2), prompts.subList(2, 4), prompts.subList(4, 6), prompts.subList(6, 7));
      for (Adapter a : List.of(Adapter.NONE, adapter)) {
        long before = store.reusedTokens();
        for (List<int[]> batch : batches) {
          List<GenerationRow> rows = batch.stream().map(p -> new GenerationRow(p, SamplingSettings.greedy(8, Set.of()),
              new Random(1), 2, null)).toList();
          List<GenerationResult> got = generator.generateRows(rows, a, store);
          List<GenerationResult> want = whole.generateRows(rows, a);
          for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(want.get(i).tokenIds(), got.get(i).tokenIds());
            assertClose(want.get(i).logprobs(), got.get(i).logprobs(), "stored prefix, row " + i);
          }
        }
        // Batches 2 to 4 start from the stored 40-token prefix: 2 + 2 + 1 rows.
        assertEquals(5 * 40, store.reusedTokens() - before, "tokens served from the store");
      }
    }
  }

  @Test
  void aGrpoGroupPrefilledOnceSamplesWhatItsRepeatedPromptsSample() {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    int[] prompt = GoldenCase.intRows(golden.inputs().get("generation").get("prompts")).get(2);
    List<int[]> group = IntStream.range(0, 6).mapToObj(i -> prompt).toList();
    SamplingSettings hot = SamplingSettings.sample(1.0f, 0, 1f, 0L, 10, Set.of());
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      List<GenerationResult> shared = new Generator(model, true).generate(group, hot, adapter, new Random(9));
      List<GenerationResult> whole = new Generator(model, false).generate(group, hot, adapter, new Random(9));
      boolean differ = false;
      for (int i = 0; i < group.size(); i++) {
        assertArrayEquals(whole.get(i).tokenIds(), shared.get(i).tokenIds(), "completion " + i);
        differ |= !java.util.Arrays.equals(shared.get(0).tokenIds(), shared.get(i).tokenIds());
      }
      org.junit.jupiter.api.Assertions.assertTrue(differ, "the group's completions are separate draws");
    }
  }

  @Test
  void liveArrayCountStaysFlatOverSharedPrefills() {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    List<int[]> prompts = sharedPrefixPrompts(golden);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu())) {
      Generator generator = new Generator(model);
      SamplingSettings greedy = SamplingSettings.greedy(3, Set.of());
      generator.generate(prompts, greedy, Adapter.NONE);
      int arrays = model.manager().getManagedArrays().size();
      for (int call = 0; call < 30; call++) {
        generator.generate(prompts, greedy, Adapter.NONE);
      }
      assertEquals(arrays, model.manager().getManagedArrays().size(), "arrays left in the model's manager");
    }
  }

  @Test
  void commonPrefixLeavesOneTokenPerPromptAndRestsContinueThePositions() {
    List<int[]> prompts = List.of(new int[] {1, 2, 3, 4}, new int[] {1, 2, 3}, new int[] {1, 2, 3, 9, 9});
    assertEquals(2, PrefixSharing.commonPrefix(prompts));
    assertEquals(1, PrefixSharing.commonPrefix(List.of(new int[] {1, 2}, new int[] {1, 3})));
    assertEquals(0, PrefixSharing.commonPrefix(List.of(new int[] {1, 2}, new int[] {2, 2})));
    TokenBatch rests = PrefixSharing.rests(prompts, 2);
    assertArrayEquals(new int[] {0, 3, 4}, rests.ids()[0]);
    assertArrayEquals(new int[] {0, 0, 3}, rests.ids()[1]);
    assertArrayEquals(new int[] {3, 9, 9}, rests.ids()[2]);
    assertArrayEquals(new int[] {0, 2, 3}, rests.positions()[0]);
    assertArrayEquals(new int[] {0, 0, 2}, rests.positions()[1]);
    assertArrayEquals(new boolean[] {false, true, true}, rests.mask()[0]);
  }

  private static void assertClose(TokenLogprobs want, TokenLogprobs got, String what) {
    float[] w = want.chosen();
    float[] g = got.chosen();
    assertEquals(w.length, g.length, what);
    for (int s = 0; s < w.length; s++) {
      assertEquals(w[s], g[s], LOGPROB_TOLERANCE, what + " step " + s);
      assertArrayEquals(want.topIds()[s], got.topIds()[s], what + " top ids, step " + s);
      for (int k = 0; k < want.topLogprobs()[s].length; k++) {
        assertEquals(want.topLogprobs()[s][k], got.topLogprobs()[s][k], LOGPROB_TOLERANCE, what + " top value, step " + s);
      }
    }
  }
}

package ai.thinkact.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.GenerationRow;
import ai.thinkact.model.Generator;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.PrefixStore;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SamplingSettings;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Requests with one system prompt, batched apart, prefill it once and answer as if alone. */
class BatcherPrefixTest {

  @Test
  void laterRequestsStartFromTheStoredPrefixAndAnswerTheSame() throws Exception {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    int[] system = new Random(8).ints(48, 0, 500).toArray();
    List<int[]> rests = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
    SamplingSettings greedy = SamplingSettings.greedy(6, Set.of());
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu())) {
      PrefixStore store = new PrefixStore(model);
      try (Batcher batcher = new Batcher(new Generator(model), 4, store)) {
        for (int[] rest : rests) { // one request at a time: every batch holds one row
          int[] prompt = new int[system.length + rest.length];
          System.arraycopy(system, 0, prompt, 0, system.length);
          System.arraycopy(rest, 0, prompt, system.length, rest.length);
          GenerationRow row = new GenerationRow(prompt, greedy, new Random(1), 0, null);
          GenerationResult served = batcher.submit(Adapter.NONE, List.of(row)).get().get(0);
          GenerationResult alone = new Generator(model).generateRows(List.of(row), Adapter.NONE).get(0);
          assertArrayEquals(alone.tokenIds(), served.tokenIds());
          assertArrayEquals(alone.logprobs().chosen(), served.logprobs().chosen(), 1e-5f); // float32 rounding: a rest prefilled after a cached prefix
        }
        // The first request stored its prompt but its last token; the other two reuse the 48 system tokens.
        assertEquals(2 * 48, store.reusedTokens());
      }
    }
  }
}

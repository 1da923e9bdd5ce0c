package ai.thinkact.grpo;

import ai.thinkact.TestRuns;
import ai.thinkact.training.AdapterWeights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.Projection;
import ai.thinkact.model.PromptCompletion;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.TokenBatch;
import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.MetricsLog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GRPO trainer on a tiny random Qwen3 with the real tokenizer. */
class GrpoTrainerTest {
  @TempDir Path output;

  private static final Sample SAMPLE = TinyGrpo.sample("p0", "Hello there.", new Target.AnswerTarget("hi"));

  /** Reward = the completion's length in characters mod 3: varies across a group, so advantages are non-zero. */
  private static final GrpoTrainer.RewardFunction VARYING = (targets, completions) -> {
    List<RewardBreakdown> out = new ArrayList<>();
    for (String c : completions) {
      double r = c.length() % 3;
      out.add(new RewardBreakdown(r, 0, 0, r));
    }
    return out;
  };

  private static GrpoConfig config(Map<String, Object> extra) {
    Map<String, Object> o = new HashMap<>(Map.of("num_generations", 4, "batch_size", 4,
        "gradient_accumulation_steps", 1, "learning_rate", 1e-3, "max_completion_length", 6,
        "max_steps", 3, "save_steps", 1000, "temperature", 0.7));
    o.putAll(extra);
    return TinyGrpo.config(o);
  }

  @Test
  void zeroAdvantageStepsAreSkippedCleanly() throws Exception {
    GrpoTrainer.RewardFunction constant = (targets, completions) ->
        completions.stream().map(c -> new RewardBreakdown(1, 1, 0, 2)).toList();
    try (Qwen3Model model = TinyGrpo.model(); LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
      float[][] before = snapshot(adapter);
      new GrpoTrainer(config(Map.of()), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), constant)
          .train(List.of(SAMPLE), TestRuns.open(output, null));
      assertParametersEqual(before, snapshot(adapter));
      List<ObjectNode> lines = MetricsLog.read(output.resolve(MetricsLog.FILE));
      assertEquals(3, lines.size());
      for (ObjectNode line : lines) {
        assertEquals(0.0, line.get(MetricKeys.LOSS).asDouble());
        assertEquals(0.0, line.get(MetricKeys.GRAD_NORM).asDouble());
        assertEquals(1.0, line.get(MetricKeys.FRAC_REWARD_ZERO_STD).asDouble());
        assertEquals(2.0, line.get(MetricKeys.REWARD).asDouble());
      }
      assertTrue(Files.isRegularFile(output.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE)));
    }
  }

  @Test
  void trainingChangesTheAdapterButNotTheBaseAndLogsFiniteMetrics() throws Exception {
    try (Qwen3Model model = TinyGrpo.model(); LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
      float[] baseBefore = model.projectionWeight(0, Projection.Q_PROJ).toFloatArray();
      float[][] before = snapshot(adapter);
      new GrpoTrainer(config(Map.of("beta", 0.1)), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING)
          .train(List.of(SAMPLE), TestRuns.open(output, null));
      assertArrayEquals(baseBefore, model.projectionWeight(0, Projection.Q_PROJ).toFloatArray(), "base weights moved");
      float[][] after = snapshot(adapter);
      boolean changed = false;
      for (int i = 0; i < before.length; i++) {
        changed |= !java.util.Arrays.equals(before[i], after[i]);
      }
      assertTrue(changed, "no LoRA weight changed");
      List<ObjectNode> lines = MetricsLog.read(output.resolve(MetricsLog.FILE));
      // Step 1 starts from B = 0: the policy is the reference, so the KL is exactly 0.
      assertEquals(0.0, lines.get(0).get(MetricKeys.KL).asDouble(), 1e-6);
      for (ObjectNode line : lines) {
        for (String key : List.of(MetricKeys.LOSS, MetricKeys.GRAD_NORM, MetricKeys.ENTROPY, MetricKeys.KL,
            MetricKeys.REWARD, MetricKeys.COMPLETIONS_MEAN_LENGTH, MetricKeys.CLIP_RATIO_REGION_MEAN)) {
          assertTrue(line.get(key).isNumber(), key + " missing or not finite in " + line);
        }
        assertTrue(line.get(MetricKeys.ENTROPY).asDouble() > 0);
        assertTrue(line.get(MetricKeys.KL).asDouble() >= 0);
      }
      List<String> completions = Files.readAllLines(output.resolve(CompletionsLog.FILE));
      assertEquals(3 * 4, completions.size(), "one line per completion per step");
    }
  }

  @Test
  void trainerLogprobsAndEntropyEqualAFreshComputation() {
    float temperature = 0.7f;
    try (Qwen3Model model = TinyGrpo.model(); LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
      // num_iterations 2: the round keeps the sampling policy's (old) log-probs.
      GrpoTrainer trainer = new GrpoTrainer(config(Map.of("num_iterations", 2)), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING);
      randomiseB(adapter);
      Rollout round = trainer.generate(List.of(SAMPLE), new Random(5));
      List<PromptCompletion> items = round.completions().stream().map(Rollout.Completion::tokens).toList();
      try (NDManager scope = model.manager().newSubManager()) {
        float[][] fresh = LogProbs.of(model, scope, items, temperature, adapter, false).rows(items);
        LogProbs.Result scores = LogProbs.of(model, scope, items, temperature, adapter, true);
        float[][] trainerRows = scores.rows(items);
        double entropySum = 0;
        long tokens = 0;
        for (int i = 0; i < items.size(); i++) {
          assertArrayEquals(fresh[i], trainerRows[i], 1e-5f, "per-token log-probs of completion " + i);
          assertArrayEquals(fresh[i], round.completions().get(i).oldLogps(), 1e-5f, "old log-probs of completion " + i);
          entropySum += entropyOfCompletion(model, scope, items.get(i), temperature, adapter);
          tokens += items.get(i).completionIds().length;
        }
        assertEquals(tokens, scores.tokens());
        assertEquals(entropySum, scores.entropySum(), 1e-3 * tokens);
      }
    }
  }

  @Test
  void twoAccumulatedMicroBatchesGiveTheGradientOfOneBatch() {
    try (Qwen3Model model = TinyGrpo.model(); LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
      randomiseB(adapter); // B = 0 would leave A without gradient
      GrpoTrainer trainer = new GrpoTrainer(config(Map.of("num_generations", 8, "batch_size", 8)), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING);
      Rollout round = trainer.generate(List.of(SAMPLE), new Random(2));
      // Learning rate 0: AdamW leaves the weights alone, so both steps see the same policy.
      PolicyUpdate.StepResult whole = trainer.optimizerStep(List.of(round.microBatch(0, 8)), 0.0);
      PolicyUpdate.StepResult split = trainer.optimizerStep(List.of(round.microBatch(0, 4), round.microBatch(1, 4)), 0.0);
      assertFalse(whole.skipped());
      assertTrue(whole.gradNorm() > 0);
      assertEquals(whole.gradNorm(), split.gradNorm(), 1e-5 * whole.gradNorm());
      assertEquals(whole.loss(), split.loss(), 1e-6);
      assertEquals(whole.entropy(), split.entropy(), 1e-4);
    }
  }

  @Test
  void maskedTruncatedCompletionsContributeNothing() throws Exception {
    try (Qwen3Model model = TinyGrpo.model(); LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
      float[][] before = snapshot(adapter);
      // A random model practically never samples a stop id in 3 tokens: every completion is cut.
      GrpoConfig config = config(Map.of("max_completion_length", 3, "mask_truncated_completions", true, "max_steps", 2));
      new GrpoTrainer(config, model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING).train(List.of(SAMPLE), TestRuns.open(output, null));
      List<ObjectNode> lines = MetricsLog.read(output.resolve(MetricsLog.FILE));
      assertEquals(1.0, lines.get(0).get(MetricKeys.COMPLETIONS_CLIPPED_RATIO).asDouble());
      assertEquals(0.0, lines.get(0).get(MetricKeys.LOSS).asDouble());
      assertEquals(0.0, lines.get(0).get(MetricKeys.GRAD_NORM).asDouble());
      assertParametersEqual(before, snapshot(adapter));
    }
  }

  @Test
  void liveArrayCountStaysFlatOverSteps() {
    try (Qwen3Model model = TinyGrpo.model(); LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
      GrpoTrainer trainer = new GrpoTrainer(config(Map.of("beta", 0.05, "num_iterations", 2)), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING);
      Random random = new Random(1);
      int modelArrays = 0;
      int adapterArrays = 0;
      for (int step = 0; step < 12; step++) {
        Rollout round = trainer.generate(List.of(SAMPLE), random);
        trainer.optimizerStep(List.of(round.microBatch(0, 4)), 1e-3);
        if (step == 1) {
          modelArrays = model.manager().getManagedArrays().size();
          adapterArrays = adapter.manager().getManagedArrays().size();
        }
      }
      assertEquals(modelArrays, model.manager().getManagedArrays().size(), "arrays left in the model's manager");
      assertEquals(adapterArrays, adapter.manager().getManagedArrays().size(), "arrays left in the adapter's manager");
    }
  }

  @Test
  void resumingFromACheckpointGivesTheSameAdapterAsAnUninterruptedRun() throws Exception {
    Path straight = output.resolve("straight");
    Path interrupted = output.resolve("interrupted");
    float[][] want;
    try (Qwen3Model model = TinyGrpo.model()) {
      try (LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
        new GrpoTrainer(config(Map.of("max_steps", 4, "lr_scheduler", "constant")), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING)
            .train(List.of(SAMPLE), TestRuns.open(straight, null));
        want = snapshot(adapter);
      }
      try (LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
        new GrpoTrainer(config(Map.of("max_steps", 2, "lr_scheduler", "constant")), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING)
            .train(List.of(SAMPLE), TestRuns.open(interrupted, null));
      }
      Path checkpoint = interrupted.resolve("checkpoints").resolve("checkpoint-000002");
      try (LoraAdapter adapter = LoraAdapter.load(AdapterWeights.adapterOf(checkpoint), model.config(), model.device())) {
        // The resumed run plans 4 steps: its total comes from the config, not the checkpoint's
        // (a constant rate, so that the 2-step plan of the first part does not change the rates).
        new GrpoTrainer(config(Map.of("max_steps", 4, "lr_scheduler", "constant")), model, new AdapterWeights(adapter, "tiny"), TinyGrpo.tokenizer(), VARYING)
            .train(List.of(SAMPLE), TestRuns.open(interrupted, checkpoint));
        assertParametersEqual(want, snapshot(adapter));
      }
      assertEquals(4, MetricsLog.read(interrupted.resolve(MetricsLog.FILE)).size());
    }
  }

  /** Entropy (nats) summed over one completion's positions, from the full (T, V) logits. */
  private static double entropyOfCompletion(Qwen3Model model, NDManager scope, PromptCompletion item, float temperature,
      Adapter adapter) {
    NDArray logits = model.logits(scope, TokenBatch.of(new int[][] {item.sequence()}), adapter); // (1, T, V)
    int p = item.promptIds().length;
    int c = item.completionIds().length;
    NDArray rows = logits.get("0, " + (p - 1) + ":" + (p - 1 + c) + ", :") // (c, V)
        .toType(DataType.FLOAT64, false).div(temperature);
    NDArray logp = rows.logSoftmax(-1); // (c, V)
    return -logp.exp().mul(logp).sum().getDouble();
  }

  private static void randomiseB(LoraAdapter adapter) {
    Random random = new Random(11);
    for (Map.Entry<String, NDArray> e : adapter.namedParameters().entrySet()) {
      if (e.getKey().contains("lora_B")) {
        NDArray b = e.getValue();
        float[] values = new float[Math.toIntExact(b.size())];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * 0.05);
        }
        b.set(values);
      }
    }
  }

  private static float[][] snapshot(LoraAdapter adapter) {
    return adapter.namedParameters().values().stream().map(NDArray::toFloatArray).toArray(float[][]::new);
  }

  private static void assertParametersEqual(float[][] want, float[][] got) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      assertArrayEquals(want[i], got[i], "parameter " + i);
    }
  }

}

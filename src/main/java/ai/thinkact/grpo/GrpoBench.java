package ai.thinkact.grpo;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.PromptWindow;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.config.ConfigLoader;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.OpProfile;
import ai.thinkact.model.OpProfiler;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.training.AdapterWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The GRPO step of {@code thinkact bench}: one prompt (≈ 300 tokens rendered), G completions of up
 * to {@code newTokens} sampled at temperature 1 with the trainer's merged LoRA, then the policy
 * update (per-token log-probs with gradients, loss, backward, clipping, AdamW) on that round, timed
 * separately. The reward is a stand-in that varies with the completion (random weights make every
 * real reward alike, and a zero-advantage step skips the update).
 */
public final class GrpoBench {

  private static final double LEARNING_RATE = 1e-6;

  private GrpoBench() {}

  /**
   * Medians over the timed runs.
   *
   * @param promptTokens the rendered prompt
   * @param meanCompletionTokens sampled tokens per completion, mean over all runs
   */
  public record Result(int generations, int promptTokens, int newTokens, double meanCompletionTokens,
      double rolloutSeconds, double updateSeconds) {}

  /** One round of the bench under the profiler: its rollout, then its update. */
  public record Profiles(OpProfile rollout, OpProfile update) {}

  /**
   * @param generations G
   * @param newTokens max_completion_length
   */
  public static Result time(Qwen3Model model, QwenTokenizer tokenizer, LoraConfig lora,
      int generations, int newTokens, int warmups, int runs) throws Exception {
    try (Round bench = new Round(model, tokenizer, lora, generations, newTokens)) {
      Random random = new Random(3);
      long completionTokens = 0;
      double[] rollout = new double[runs];
      double[] update = new double[runs];
      for (int i = 0; i < warmups + runs; i++) {
        long t0 = System.nanoTime();
        Rollout round = bench.rollout(random);
        long t1 = System.nanoTime();
        bench.update(round);
        long t2 = System.nanoTime();
        completionTokens += round.completions().stream().mapToInt(Rollout.Completion::length).sum();
        if (i >= warmups) {
          rollout[i - warmups] = (t1 - t0) / 1e9;
          update[i - warmups] = (t2 - t1) / 1e9;
        }
      }
      return new Result(generations, bench.promptTokens, newTokens,
          (double) completionTokens / (warmups + runs) / generations, median(rollout), median(update));
    }
  }

  /**
   * One round under the profiler (traces {@code grpo-rollout} and {@code grpo-update}), after an
   * unprofiled one: a fresh trainer's first update allocates the optimizer state.
   */
  public static Profiles profile(Qwen3Model model, QwenTokenizer tokenizer, LoraConfig lora, int generations,
      int newTokens, OpProfiler profiler) throws Exception {
    try (Round bench = new Round(model, tokenizer, lora, generations, newTokens)) {
      Random random = new Random(3);
      bench.update(bench.rollout(random));
      Rollout[] round = new Rollout[1];
      OpProfile rollout = profiler.profile("grpo-rollout", () -> round[0] = bench.rollout(random));
      OpProfile update = profiler.profile("grpo-update", () -> bench.update(round[0]));
      return new Profiles(rollout, update);
    }
  }

  /** The trainer, its fresh adapter and the one prompt: what a timed or profiled round runs on. */
  private static final class Round implements AutoCloseable {
    final Sample sample;
    final int promptTokens;
    final int generations;
    final LoraAdapter adapter;
    final GrpoTrainer trainer;

    Round(Qwen3Model model, QwenTokenizer tokenizer, LoraConfig lora, int generations, int newTokens) {
      StringBuilder user = new StringBuilder("Please look up my order and tell me when it ships.");
      for (int i = 0; user.length() < 1000; i++) {
        user.append(" The order number is ").append(1000 + i).append(" and I ordered it last week.");
      }
      this.sample = new Sample("bench", "bench", "bench", List.of(), List.of(Message.user(user.toString())),
          new Target.AnswerTarget("It ships tomorrow."), null);
      this.promptTokens = new PromptWindow(new ChatFormat(tokenizer), 0)
          .render(sample.id(), sample.messages(), sample.tools(), true).length;
      this.generations = generations;
      GrpoConfig config = ConfigLoader.load(null, GrpoConfig.defaults(), Map.of("num_generations", generations,
          "batch_size", generations, "gradient_accumulation_steps", 1, "max_completion_length", newTokens,
          "learning_rate", LEARNING_RATE));
      this.adapter = LoraAdapter.create(model.config(), lora, model.device(), new Random(1));
      this.trainer = new GrpoTrainer(config, model, new AdapterWeights(adapter, "bench"), tokenizer, GrpoBench::reward);
    }

    Rollout rollout(Random random) {
      return trainer.generate(List.of(sample), random);
    }

    void update(Rollout round) {
      trainer.optimizerStep(List.of(round.microBatch(0, generations)), LEARNING_RATE);
    }

    @Override
    public void close() {
      trainer.close();
      adapter.close();
    }
  }

  /** A stand-in reward that varies with the completion: random weights make real rewards alike. */
  private static List<RewardBreakdown> reward(List<Target> targets, List<String> completions) {
    List<RewardBreakdown> out = new ArrayList<>();
    for (String c : completions) {
      out.add(new RewardBreakdown(0, 0, 0, c.length() % 3));
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}

package ai.thinkact.grpo;

import ai.thinkact.training.AdapterWeights;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.ModelPreset;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.RandomCheckpoint;
import ai.thinkact.reward.RewardBreakdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One GRPO step on the {@code small} preset (random weights, hidden 512, 8 layers, LoRA r16 on all
 * seven projections): G = 8 completions of one ~256-token prompt, 64 new tokens each. Prints the
 * rollout throughput and the step time. Off by default; run with
 * {@code mvn test -Dtest=GrpoStepBench -Dthinkact.bench=true}.
 */
class GrpoStepBench {
  @TempDir Path dir;

  @Test
  void smallPresetOneStep() throws Exception {
    assumeTrue(Boolean.getBoolean("thinkact.bench"), "benchmark: pass -Dthinkact.bench=true");
    RandomCheckpoint.write(ModelPreset.SMALL.config(), dir, 0);
    StringBuilder user = new StringBuilder("Please look up my order and tell me when it ships.");
    for (int i = 0; user.length() < 1000; i++) {
      user.append(" The order number is ").append(1000 + i).append(" and I ordered it last week.");
    }
    Sample sample = TinyGrpo.sample("bench", user.toString(), new Target.AnswerTarget("It ships tomorrow."));
    GrpoConfig config = TinyGrpo.config(Map.of("num_generations", 8, "batch_size", 8, "gradient_accumulation_steps", 1,
        "max_completion_length", 64, "learning_rate", 1e-6));
    try (Qwen3Model model = Qwen3Model.load(dir, ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.create(model.config(), new LoraConfig(16, 32, 0.0, LoraConfig.allProjections(), false),
            Device.cpu(), new Random(1))) {
      GrpoTrainer trainer = new GrpoTrainer(config, model, new AdapterWeights(adapter, "small"), TinyGrpo.tokenizer(), (targets, completions) -> {
            // The real reward scores random text alike (every step would be skipped): vary it so
            // that the loss, backward and AdamW run as in training.
            List<RewardBreakdown> out = new java.util.ArrayList<>();
            for (String c : completions) {
              out.add(new RewardBreakdown(0, 0, 0, c.length() % 3));
            }
            return out;
          });
      System.out.printf("prompt tokens: %d%n", new ai.thinkact.chat.PromptWindow(new ai.thinkact.chat.ChatFormat(TinyGrpo.tokenizer()),
          2048).render(sample.id(), sample.messages(), sample.tools(), true).length);
      Random random = new Random(3);
      for (int step = 0; step < 2; step++) {
        long t0 = System.nanoTime();
        Rollout round = trainer.generate(List.of(sample), random);
        long t1 = System.nanoTime();
        trainer.optimizerStep(List.of(round.microBatch(0, 8)), 1e-6);
        long t2 = System.nanoTime();
        int newTokens = round.completions().stream().mapToInt(Rollout.Completion::length).sum();
        System.out.printf("step %d: rollout %d tokens in %.2f s = %.1f tokens/s; loss+backward+AdamW %.2f s; step %.2f s%n",
            step, newTokens, (t1 - t0) / 1e9, newTokens / ((t1 - t0) / 1e9), (t2 - t1) / 1e9, (t2 - t0) / 1e9);
      }
    }
    Files.deleteIfExists(dir.resolve("model.safetensors"));
  }
}

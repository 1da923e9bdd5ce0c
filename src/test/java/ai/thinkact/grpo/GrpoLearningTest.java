package ai.thinkact.grpo;

import ai.thinkact.TestRuns;
import ai.thinkact.training.AdapterWeights;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.TokenBatch;
import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.training.MetricsLog;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRPO must raise the reward of a task the tiny random model can partly solve. With tied
 * embeddings a random model mostly repeats its last input token, here the newline after
 * {@code <|im_start|>assistant}: at temperature 0.05 about half of the first tokens are "\n".
 * The reward is 1 when the completion starts with anything else. With G = 8 most groups hold
 * both outcomes, so every step carries signal, and the policy gradient should move the first
 * token off the newline.
 */
class GrpoLearningTest {
  private static final double TEMPERATURE = 0.05;

  @TempDir Path output;

  @Test
  void grpoRaisesTheMeanRewardOfAPartlySolvableTask() throws Exception {
    QwenTokenizer tokenizer = TinyGrpo.tokenizer();
    Sample sample = TinyGrpo.sample("p0", "Say a word.", new Target.AnswerTarget("word"));
    try (Qwen3Model model = TinyGrpo.model(); LoraAdapter adapter = TinyGrpo.adapter(model, 8, 1)) {
      double start = 1 - firstTokenProbability(model, tokenizer, sample, NEWLINE);
      GrpoTrainer.RewardFunction reward = (targets, completions) -> {
        List<RewardBreakdown> out = new ArrayList<>();
        for (String c : completions) {
          double hit = !c.isEmpty() && c.charAt(0) != '\n' ? 1 : 0;
          out.add(new RewardBreakdown(hit, 0, 0, hit));
        }
        return out;
      };
      GrpoConfig config = TinyGrpo.config(Map.of("num_generations", 8, "batch_size", 8,
          "gradient_accumulation_steps", 1, "learning_rate", 5e-5, "temperature", TEMPERATURE,
          "max_completion_length", 2, "max_steps", 40, "lr_scheduler", "constant", "save_steps", 1000, "seed", 3));
      new GrpoTrainer(config, model, new AdapterWeights(adapter, "tiny"), tokenizer, reward).train(List.of(sample), TestRuns.open(output, null));
      List<ObjectNode> lines = MetricsLog.read(output.resolve(MetricsLog.FILE));
      double first = mean(lines.subList(0, 8));
      double last = mean(lines.subList(lines.size() - 8, lines.size()));
      System.out.printf("expected start %.3f: reward %.3f -> %.3f%n", start, first, last);
      assertTrue(start > 0.2 && start < 0.8, "the task starts only partly solved: " + start);
      assertTrue(first < 0.8, "the first steps are only partly solved: " + first);
      assertTrue(last > first + 0.2 && last > 0.8, "GRPO raised the reward from " + first + " to " + last);
    }
  }

  private static double mean(List<ObjectNode> lines) {
    return lines.stream().mapToDouble(l -> l.get("reward").asDouble()).average().orElseThrow();
  }

  private static final int NEWLINE = 198;

  /** The base model's probability, at the sampling temperature, that the completion starts with {@code id}. */
  static double firstTokenProbability(Qwen3Model model, QwenTokenizer tokenizer, Sample sample, int id) {
    long[] prompt = new ChatFormat(tokenizer).renderPrompt(sample.messages(), sample.tools(), true).ids();
    int[] ids = java.util.Arrays.stream(prompt).mapToInt(Math::toIntExact).toArray();
    float[] logits;
    try (NDManager scope = model.manager().newSubManager()) {
      NDArray all = model.logits(scope, TokenBatch.of(new int[][] {ids}), Adapter.NONE); // (1, T, V)
      logits = all.get("0, -1, :").toFloatArray(); // (V)
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l / TEMPERATURE);
    }
    double z = 0;
    for (float l : logits) {
      z += Math.exp(l / TEMPERATURE - max);
    }
    return Math.exp(logits[id] / TEMPERATURE - max) / z;
  }
}

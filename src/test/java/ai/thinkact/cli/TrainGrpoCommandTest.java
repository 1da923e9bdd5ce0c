package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.thinkact.TestPaths;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.reward.CrossEncoder;
import ai.thinkact.reward.LexicalF1Similarity;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.MetricsLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train grpo} end to end on the bundled synthetic data, and {@code --reranker} on {@code reward}. */
class TrainGrpoCommandTest {
  @TempDir Path dir;

  @Test
  void trainGrpoRunsEndToEndAndResumes() throws Exception {
    Path model = dir.resolve("model");
    CliRun init = CliRun.run("model", "init", "--preset", "tiny", "--tokenizer",
        TestPaths.qwen3Tokenizer().toString(), "--out", model.toString());
    assertEquals(Main.EXIT_OK, init.code(), init.err());
    // The cold-start stage's output stands in as a fresh PEFT adapter (B = 0).
    Path adapter = dir.resolve("adapter");
    try (LoraAdapter lora = LoraAdapter.create(Qwen3Config.load(model),
        new LoraConfig(4, 8, 0.0, LoraConfig.allProjections(), false), Device.cpu(), new Random(1))) {
      lora.save(adapter, model.toString());
    }
    Path output = dir.resolve("grpo");
    String[] common = {"train", "grpo", "--model", model.toString(), "--adapter", adapter.toString(),
        "--train", "data/synth/coldstart.jsonl", "--output", output.toString(), "--num-generations", "2",
        "--batch-size", "2", "--gradient-accumulation-steps", "1", "--max-completion-length", "8",
        "--save-steps", "1", "--device", "cpu", "--seed", "1"};
    CliRun first = CliRun.run(concat(common, "--max-steps", "2"));
    assertEquals(Main.EXIT_OK, first.code(), first.err());
    assertTrue(Files.isRegularFile(output.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE)));
    assertTrue(Files.isRegularFile(output.resolve("config.yaml")));
    assertTrue(Files.isDirectory(output.resolve("checkpoints").resolve("checkpoint-000002")));
    List<ObjectNode> lines = MetricsLog.read(output.resolve(MetricsLog.FILE));
    assertEquals(2, lines.size());
    for (String key : List.of(MetricKeys.REWARD, MetricKeys.rewardMean(MetricKeys.ACCURACY),
        MetricKeys.rewardStd(MetricKeys.FORMAT), MetricKeys.rewardMean(MetricKeys.LENGTH),
        MetricKeys.FRAC_REWARD_ZERO_STD, MetricKeys.COMPLETIONS_CLIPPED_RATIO, MetricKeys.STEP_TIME)) {
      assertTrue(lines.get(1).get(key).isNumber(), key + " in " + lines.get(1));
    }
    assertEquals(4, Files.readAllLines(output.resolve("completions.jsonl")).size());

    CliRun resumed = CliRun.run(concat(common, "--max-steps", "3", "--resume", "latest"));
    assertEquals(Main.EXIT_OK, resumed.code(), resumed.err());
    assertEquals(3, MetricsLog.read(output.resolve(MetricsLog.FILE)).size());
    assertEquals(3, MetricsLog.read(output.resolve(MetricsLog.FILE)).get(2).get("step").asInt());
  }

  @Test
  void badRerankerDirectoryIsAUsageError() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"target\":{\"type\":\"answer\",\"content\":\"w5\"},\"completion\":\"<answer>w6</answer>\"}\n");
    CliRun run = CliRun.run("reward", "--input", input.toString(), "--reranker", dir.toString());
    assertEquals(Main.EXIT_USAGE, run.code());
    assertTrue(run.err().contains("config.json"), run.err());
  }

  @Test
  void rewardUsesTheCrossEncoderGivenWithReranker() throws Exception {
    Path reranker = dir.resolve("reranker");
    Files.createDirectories(reranker);
    Path golden = TestPaths.golden("xlmr_ce").resolve("model");
    Files.copy(golden.resolve("config.json"), reranker.resolve("config.json"));
    Files.copy(golden.resolve("model.safetensors"), reranker.resolve("model.safetensors"));
    int vocab = new ObjectMapper().readTree(golden.resolve("config.json").toFile()).get("vocab_size").asInt();
    RerankCommandTest.writeWordTokenizer(reranker.resolve("tokenizer.json"), vocab);
    String predicted = "w269 w209";
    String gold = "w262 w17 w40";
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"target\":{\"type\":\"answer\",\"content\":\"" + gold
        + "\"},\"completion\":\"<answer>" + predicted + "</answer>\"}\n");
    CliRun run = CliRun.run("reward", "--input", input.toString(), "--reranker", reranker.toString());
    assertEquals(Main.EXIT_OK, run.code(), run.err());
    JsonNode line = new ObjectMapper().readTree(run.out().strip());
    double want;
    try (CrossEncoder encoder = CrossEncoder.load(reranker, CrossEncoder.Options.defaults())) {
      want = encoder.similarity(List.of(predicted), List.of(gold))[0];
    }
    assertEquals(want, line.get("accuracy").asDouble(), 1e-9);
    assertNotEquals(LexicalF1Similarity.f1(predicted, gold), line.get("accuracy").asDouble());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

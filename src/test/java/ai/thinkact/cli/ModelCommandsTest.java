package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static ai.thinkact.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.TestPaths;
import ai.thinkact.io.FileModes;
import ai.thinkact.model.WeightFiles;
import ai.thinkact.model.Projection;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.WeightNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model init}, {@code generate} and {@code score} from the command line. */
class ModelCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;



  @Test
  void scoreMatchesGoldenLogprobsWithAndWithoutAdapter() throws Exception {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    Path input = dir.resolve("pairs.jsonl");
    StringBuilder lines = new StringBuilder();
    for (JsonNode c : golden.inputs().get("completions")) {
      lines.append(JSON.writeValueAsString(c)).append('\n');
    }
    Files.writeString(input, lines);
    for (String variant : List.of("base", "lora")) {
      List<String> args = new ArrayList<>(List.of("score", "--model", golden.modelDir().toString(),
          "--input", input.toString(), "--device", "cpu", "--batch-size", "2"));
      if (variant.equals("lora")) {
        args.addAll(List.of("--adapter", golden.adapterDir().toString()));
      }
      CliRun r = run(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      String[] outLines = r.out().strip().split("\n");
      JsonNode want = golden.expected().get("completion_logprobs").get(variant).get("T1.0");
      assertEquals(want.size(), outLines.length);
      for (int i = 0; i < outLines.length; i++) {
        double[] got = GoldenCase.doubles(JSON.readTree(outLines[i]).get("logprobs"));
        double[] expected = GoldenCase.doubles(want.get(i));
        assertEquals(expected.length, got.length);
        for (int j = 0; j < got.length; j++) {
          assertEquals(expected[j], got[j], 2e-4, variant + " line " + i + " token " + j);
        }
      }
    }
  }

  @Test
  void scoreReportsABadLineWithExitCode3() throws Exception {
    Path input = dir.resolve("bad.jsonl");
    Files.writeString(input, "{\"prompt_ids\":[1,2],\"completion_ids\":[3]}\n{\"prompt_ids\":[1]}\n");
    CliRun r = run("score", "--model", GoldenCase.of("qwen3_tied").modelDir().toString(), "--input", input.toString());
    assertEquals(Main.EXIT_INVALID_DATA, r.code());
    assertTrue(r.err().contains("line 2") && r.err().contains("completion_ids"), r.err());
  }

  @Test
  void generateGreedyFromInputIdsMatchesGolden() throws Exception {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    int[] prompt = GoldenCase.ints(golden.inputs().get("generation").get("prompts").get(1));
    int[] want = GoldenCase.ints(golden.expected().get("generation").get("lora").get("new_ids").get(1));
    CliRun r = run("generate", "--model", golden.modelDir().toString(), "--adapter", golden.adapterDir().toString(),
        "--input-ids", String.join(",", java.util.Arrays.stream(prompt).mapToObj(Integer::toString).toList()),
        "--greedy", "--max-new-tokens", "16", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode out = JSON.readTree(r.out());
    assertArrayEquals(want, GoldenCase.ints(out.get("ids")));
    assertEquals("length", out.get("finish_reason").asText());
  }

  @Test
  void initTinyModelThenGenerateAndScoreWithTheRealTokenizer() throws Exception {
    Path model = dir.resolve("tiny");
    CliRun init = run("model", "init", "--preset", "tiny", "--tokenizer", TestPaths.qwen3Tokenizer().toString(),
        "--out", model.toString(), "--seed", "3");
    assertEquals(0, init.code(), init.err());
    for (String f : List.of("config.json", "generation_config.json", "model.safetensors", "tokenizer.json")) {
      assertTrue(Files.isRegularFile(model.resolve(f)), f);
    }
    JsonNode config = JSON.readTree(model.resolve("config.json").toFile());
    assertEquals(151936, config.get("vocab_size").asInt());
    assertTrue(config.get("tie_word_embeddings").asBoolean());

    CliRun text = run("generate", "--model", model.toString(), "--prompt", "Hello, world", "--greedy",
        "--max-new-tokens", "4", "--json");
    assertEquals(0, text.code(), text.err());
    JsonNode out = JSON.readTree(text.out());
    assertTrue(out.get("ids").size() >= 1 && out.get("ids").size() <= 4, text.out());
    assertTrue(out.get("text").isTextual());

    Path messages = dir.resolve("messages.json");
    Files.writeString(messages, "[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Hi\"}]");
    CliRun chat = run("generate", "--model", model.toString(), "--messages", messages.toString(), "--temperature", "0.8",
        "--top-p", "0.9", "--top-k", "50", "--seed", "1", "--max-new-tokens", "3", "--json");
    assertEquals(0, chat.code(), chat.err());
    CliRun again = run("generate", "--model", model.toString(), "--messages", messages.toString(), "--temperature", "0.8",
        "--top-p", "0.9", "--top-k", "50", "--seed", "1", "--max-new-tokens", "3", "--json");
    assertEquals(chat.out(), again.out(), "same seed, same output");
    // --top-k 0 is off, as leaving it out is (SamplingConfig); a negative k names the key
    CliRun topKOff = run("generate", "--model", model.toString(), "--messages", messages.toString(),
        "--top-k", "0", "--seed", "1", "--max-new-tokens", "3", "--json");
    CliRun noTopK = run("generate", "--model", model.toString(), "--messages", messages.toString(),
        "--seed", "1", "--max-new-tokens", "3", "--json");
    assertEquals(0, topKOff.code(), topKOff.err());
    assertEquals(noTopK.out(), topKOff.out());
    CliRun negative = run("generate", "--model", model.toString(), "--messages", messages.toString(), "--top-k", "-1");
    assertEquals(Main.EXIT_USAGE, negative.code());
    assertTrue(negative.err().contains("top_k must be >= 0"), negative.err());

    Path input = dir.resolve("pairs.jsonl");
    Files.writeString(input, "{\"prompt_ids\":[151644,872,198],\"completion_ids\":[9707,151645]}\n");
    CliRun score = run("score", "--model", model.toString(), "--input", input.toString());
    assertEquals(0, score.code(), score.err());
    double[] logprobs = GoldenCase.doubles(JSON.readTree(score.out()).get("logprobs"));
    assertEquals(2, logprobs.length);
    for (double lp : logprobs) {
      assertTrue(lp < 0 && lp > -30, "log-prob of a random model near log(1/151936) = -11.9: " + lp);
    }

    CliRun exists = run("model", "init", "--preset", "tiny", "--tokenizer", TestPaths.qwen3Tokenizer().toString(),
        "--out", model.toString());
    assertEquals(Main.EXIT_USAGE, exists.code());
  }

  @Test
  void embeddingStdScalesOnlyTheEmbeddingAndDemoHasQwen3sHeadDim() throws Exception {
    Path plain = dir.resolve("plain");
    Path wide = dir.resolve("wide");
    String tokenizer = TestPaths.qwen3Tokenizer().toString();
    assertEquals(0, run("model", "init", "--preset", "demo", "--tokenizer", tokenizer, "--out", plain.toString()).code());
    CliRun r = run("model", "init", "--preset", "demo", "--tokenizer", tokenizer, "--out", wide.toString(),
        "--embedding-std", "0.1");
    assertEquals(0, r.code(), r.err());
    JsonNode config = JSON.readTree(wide.resolve("config.json").toFile());
    assertEquals(128, config.get("head_dim").asInt());
    assertEquals(128, config.get("hidden_size").asInt());
    FileModes.assertUmaskModes(wide, dir.resolve("scratch"));
    try (WeightFiles a = WeightFiles.open(plain); WeightFiles b = WeightFiles.open(wide);
        NDManager m = NDManager.newBaseManager()) {
      String embed = WeightNames.EMBED_TOKENS;
      float stdPlain = std(a.load(embed, a.shape(embed), m));
      float stdWide = std(b.load(embed, b.shape(embed), m));
      assertEquals(0.02, stdPlain, 0.001);
      assertEquals(0.1, stdWide, 0.002);
      String q = WeightNames.projection(0, Projection.Q_PROJ);
      assertEquals(std(a.load(q, a.shape(q), m)), std(b.load(q, b.shape(q), m)), 1e-6, "layers keep HF's 0.02");
    }
    CliRun bad = run("model", "init", "--preset", "demo", "--tokenizer", tokenizer, "--out", dir.resolve("bad").toString(),
        "--embedding-std", "-1");
    assertEquals(Main.EXIT_USAGE, bad.code());
    assertTrue(bad.err().contains("--embedding-std"), bad.err());
  }

  private static float std(NDArray x) {
    NDArray centred = x.sub(x.mean());
    return centred.square().mean().sqrt().getFloat();
  }
}

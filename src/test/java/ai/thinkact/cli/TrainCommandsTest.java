package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static ai.thinkact.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SafetensorsFile;
import ai.thinkact.model.TokenBatch;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.MetricsLog;
import ai.thinkact.TinyQwen;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train sft}, {@code train coldstart} and {@code export merge} from the command line. */
class TrainCommandsTest {

  @TempDir Path dir;



  @Test
  void sftThenColdstartOnTheSyntheticData() throws Exception {
    Path model = TinyQwen.modelDir();
    Path eval = dir.resolve("eval.jsonl");
    SampleJsonl.write(eval, TinyQwen.shortSamples(2));
    String[] small = {"--max-steps", "2", "--batch-size", "1", "--gradient-accumulation-steps", "1",
      "--save-steps", "1", "--lora-rank", "4", "--device", "cpu", "--seed", "3"};

    Path sft = dir.resolve("sft");
    CliRun first = run(concat(new String[] {"train", "sft", "--config", "configs/sft.yaml", "--model", model.toString(),
      "--train", "data/synth/coldstart.jsonl", "--eval", eval.toString(), "--output", sft.toString()}, small));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().contains("output: " + sft.resolve("adapter")), first.out());
    JsonNode adapterConfig = new ObjectMapper().readTree(sft.resolve("adapter/adapter_config.json").toFile());
    assertEquals(model.toString(), adapterConfig.get("base_model_name_or_path").asText());
    assertEquals(4, adapterConfig.get("r").asInt());
    assertTrue(Files.isRegularFile(sft.resolve("config.yaml")));
    // PEFT and vLLM load a checkpoint directory as it is.
    assertTrue(Files.isRegularFile(sft.resolve("checkpoints/checkpoint-000002/adapter_model.safetensors")));
    assertTrue(Files.isRegularFile(sft.resolve("checkpoints/checkpoint-000002/adapter_config.json")));
    JsonNode runInfo = new ObjectMapper().readTree(sft.resolve("run_info.json").toFile());
    for (String key : List.of("version", "git_commit", "command_line", "start_time", "config")) {
      assertTrue(runInfo.has(key), key + " missing from run_info.json: " + runInfo);
    }
    assertEquals("sft", runInfo.get("command_line").get(1).asText());
    assertEquals(4, runInfo.get("config").get("lora_rank").asInt());
    assertFalse(runInfo.get("end_time").isNull(), "a finished run records its end");
    List<ObjectNode> rows = MetricsLog.read(sft.resolve(MetricsLog.FILE));
    assertEquals(2, rows.stream().filter(r -> r.has(MetricKeys.LOSS)).count());
    assertEquals(1, rows.stream().filter(r -> r.has(MetricKeys.EVAL_LOSS)).count(), "eval at the end");
    assertTrue(rows.get(0).get(MetricKeys.TOKENS_PER_SECOND).asDouble() > 0);

    Path coldstart = dir.resolve("coldstart");
    CliRun second = run(concat(new String[] {"train", "coldstart", "--config", "configs/coldstart.yaml", "--model",
      model.toString(), "--adapter", sft.resolve("adapter").toString(), "--train", "data/synth/coldstart.jsonl",
      "--output", coldstart.toString(), "--base-model-name", "Qwen/Qwen3-1.7B"}, small));
    assertEquals(0, second.code(), second.err());
    assertEquals("Qwen/Qwen3-1.7B", new ObjectMapper().readTree(coldstart.resolve("adapter/adapter_config.json").toFile())
        .get("base_model_name_or_path").asText());
    String yaml = Files.readString(coldstart.resolve("config.yaml"));
    assertTrue(yaml.contains("learning_rate: 1.0E-4") || yaml.contains("learning_rate: 0.0001"), yaml);
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsFile a = SafetensorsFile.open(sft.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE));
        SafetensorsFile b = SafetensorsFile.open(coldstart.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE))) {
      String key = a.names().iterator().next();
      assertFalse(a.loadFloat32(key, m).contentEquals(b.loadFloat32(key, m)), "coldstart continued training");
    }

    // Samples without reasoning are a rehearsal of stage 1 beside those with it; alone they are refused.
    List<Sample> synth = SampleJsonl.read(Path.of("data/synth/coldstart.jsonl"));
    List<Sample> stripped = synth.stream().map(s -> new Sample(s.id() + "-plain", s.source(), s.domain(),
        s.conversationId(), s.tools(), s.messages(), s.target(), null)).toList();
    Path plain = dir.resolve("plain.jsonl");
    SampleJsonl.write(plain, stripped);
    String[] fromSft = {"train", "coldstart", "--config", "configs/coldstart.yaml", "--model", model.toString(),
      "--adapter", sft.resolve("adapter").toString()};
    CliRun refused = run(concat(concat(fromSft, new String[] {"--train", plain.toString(), "--output",
      dir.resolve("refused").toString()}), small));
    assertEquals(Main.EXIT_INVALID_DATA, refused.code(), refused.err());
    assertTrue(refused.err().contains(plain + ": no sample has the field reasoning"), refused.err());
    assertFalse(Files.exists(dir.resolve("refused")), "nothing written for a cold-start file without reasoning");
    List<Sample> mixed = new ArrayList<>(synth.subList(0, 4));
    mixed.addAll(stripped.subList(4, 7));
    Path mixedFile = dir.resolve("mixed.jsonl");
    SampleJsonl.write(mixedFile, mixed);
    CliRun rehearsal = run(concat(concat(fromSft, new String[] {"--train", mixedFile.toString(), "--output",
      dir.resolve("rehearsal").toString()}), small));
    assertEquals(0, rehearsal.code(), rehearsal.err());
    assertTrue(Files.isRegularFile(dir.resolve("rehearsal/adapter").resolve(LoraAdapter.WEIGHTS_FILE)));
  }

  @Test
  void aTrainCommandWritesNothingUntilEveryCheckPassed() throws Exception {
    Path output = dir.resolve("taken");
    Files.createDirectories(output);
    Files.writeString(output.resolve("keep.txt"), "mine");
    String[] common = {"--model", TinyQwen.modelDir().toString(), "--train", "data/synth/coldstart.jsonl"};
    CliRun taken = run(concat(new String[] {"train", "sft", "--output", output.toString()}, common));
    assertEquals(Main.EXIT_USAGE, taken.code(), taken.err());
    assertTrue(taken.err().contains("already exists and is not empty (keep.txt)"), taken.err());
    assertEquals(List.of("keep.txt"), names(output));

    Path fresh = dir.resolve("fresh");
    CliRun badConfig = run(concat(new String[] {"train", "sft", "--output", fresh.toString(), "--lora-rank", "0"}, common));
    assertEquals(Main.EXIT_USAGE, badConfig.code(), badConfig.err());
    assertTrue(badConfig.err().contains("--lora-rank: lora_rank must be >= 1"), badConfig.err());
    CliRun badInput = run("train", "sft", "--model", TinyQwen.modelDir().toString(), "--train", "no/such.jsonl",
        "--output", fresh.toString());
    assertEquals(Main.EXIT_USAGE, badInput.code(), badInput.err());
    assertEquals("error: --train no/such.jsonl: no such file", badInput.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(fresh), "nothing written");
  }

  private static List<String> names(Path dir) throws java.io.IOException {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void coldstartNeedsTheStageOneAdapter() {
    CliRun r = run("train", "coldstart", "--model", TinyQwen.modelDir().toString(), "--adapter", dir.toString(),
        "--train", "data/synth/coldstart.jsonl", "--output", dir.resolve("out").toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertTrue(r.err().contains("adapter_config.json"), r.err());
  }

  @Test
  void mergedCheckpointGivesTheAdaptedLogits() {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    Path merged = dir.resolve("merged");
    CliRun r = run("export", "merge", "--model", golden.modelDir().toString(), "--adapter", golden.adapterDir().toString(),
        "--out", merged.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isRegularFile(merged.resolve("generation_config.json")));
    TokenBatch batch = TokenBatch.of(GoldenCase.intRows(golden.inputs().get("logits_input_ids")).toArray(int[][]::new));
    try (Qwen3Model base = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(golden.adapterDir(), base.config(), base.device());
        Qwen3Model mergedModel = Qwen3Model.load(merged, ComputeSettings.cpu());
        NDManager scope = NDManager.newBaseManager()) {
      NDArray want = base.logits(scope, batch, adapter);
      NDArray got = mergedModel.logits(scope, batch, ai.thinkact.model.Adapter.NONE);
      float dev = want.sub(got).abs().max().getFloat();
      assertTrue(dev < 2e-4, "merged logits deviate by " + dev);
      NDArray plain = base.logits(scope, batch, ai.thinkact.model.Adapter.NONE);
      assertTrue(plain.sub(got).abs().max().getFloat() > 1e-2, "the merge changed the weights");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

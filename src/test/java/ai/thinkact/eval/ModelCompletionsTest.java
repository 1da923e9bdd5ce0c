package ai.thinkact.eval;

import ai.thinkact.TinyQwen;
import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.cli.Main;
import ai.thinkact.data.Decomposer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.SynthDomain;
import ai.thinkact.data.SynthGenerator;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.reward.LexicalF1Similarity;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thinkact eval --model} end to end on a tiny random Qwen3 with the real tokenizer. */
class ModelCompletionsTest {
  /** Real vocabulary (the tokenizer's ids must fit), everything else as small as it gets. */
  private static final Qwen3Config TINY = TinyQwen.WIDE_HEADS;

  @TempDir static Path shared;
  private static Path modelDir;
  private static List<Sample> samples;
  private static Qwen3Model model;
  private static QwenTokenizer tokenizer;

  @TempDir Path dir;

  @BeforeAll
  static void tinyModelAndSamples() throws Exception {
    modelDir = TinyQwen.randomModel(TINY, 3);
    samples = new ArrayList<>();
    for (var conversation : SynthGenerator.conversations(SynthDomain.BOTH, 2, 0.0, new Random(11))) {
      samples.addAll(Decomposer.decompose(conversation));
    }
    samples = List.copyOf(samples.subList(0, 5));
    model = Qwen3Model.load(modelDir, ComputeSettings.cpu());
    tokenizer = TinyQwen.tokenizer();
  }

  @AfterAll
  static void close() {
    model.close(); // the tokenizer is shared (TinyQwen)
  }

  @Test
  void batchedGenerationEqualsOneAtATime() {
    ChatFormat format = new ChatFormat(tokenizer);
    List<String> batched = new ModelCompletions(model, Adapter.NONE, format, samples,
        new EvalConfig(3, 6, ThinkMode.OFF)).texts(n -> { });
    List<String> single = new ModelCompletions(model, Adapter.NONE, format, samples,
        new EvalConfig(1, 6, ThinkMode.OFF)).texts(n -> { });
    assertEquals(single, batched);
    assertTrue(batched.stream().anyMatch(t -> !t.isEmpty()), "a random model still writes something");
  }

  @Test
  void longestFirstKeepsTiesInOrder() {
    int[] order = ModelCompletions.longestFirst(List.of(new int[2], new int[5], new int[2], new int[7]));
    assertEquals(List.of(3, 1, 0, 2), java.util.Arrays.stream(order).boxed().toList());
  }

  @Test
  void batchesGroupPromptsByTheirPrefixLongestFirstInside() {
    List<int[]> prompts = List.of(new int[2], new int[5], new int[2], new int[7], new int[6]);
    int[] order = ModelCompletions.byPrefixLongestFirst(prompts, List.of("a", "b", "a", "a", "b"));
    assertEquals(List.of(3, 0, 2, 4, 1), java.util.Arrays.stream(order).boxed().toList());
  }

  @Test
  void progressCountsEveryBatch() {
    List<Integer> seen = new ArrayList<>();
    new ModelCompletions(model, Adapter.NONE, new ChatFormat(tokenizer), samples,
        new EvalConfig(2, 1, ThinkMode.ON)).texts(seen::add);
    assertEquals(List.of(2, 4, 5), seen);
  }

  @Test
  void evalCommandWritesARunThatMatchesItsPredictions() throws Exception {
    Path data = dir.resolve("test.jsonl");
    SampleJsonl.write(data, samples);
    Path run = dir.resolve("run");
    StringWriter err = new StringWriter();
    int code = CliRun.execute(new StringWriter(), err, "eval", "--model", modelDir.toString(), "--data", data.toString(), "--out", run.toString(),
        "--batch-size", "2", "--max-new-tokens", "6", "--think", "off", "--limit", "4", "--device", "cpu");
    assertEquals(Main.EXIT_OK, code, err.toString());
    for (String file : List.of(EvalOutputs.PREDICTIONS, EvalOutputs.METRICS, EvalOutputs.METRICS_BY_DOMAIN, EvalOutputs.REPORT)) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file);
    }

    List<Prediction> written = Prediction.readJsonl(run.resolve(EvalOutputs.PREDICTIONS));
    assertEquals(4, written.size());
    List<String> expectedTexts = new ModelCompletions(model, Adapter.NONE, new ChatFormat(tokenizer), samples.subList(0, 4),
        new EvalConfig(4, 6, ThinkMode.OFF)).texts(n -> { });
    for (int i = 0; i < 4; i++) {
      assertEquals(samples.get(i).id(), written.get(i).id(), "output order is the input order");
      assertEquals(samples.get(i).domain(), written.get(i).domain());
      assertEquals(samples.get(i).target(), written.get(i).target());
      assertEquals(expectedTexts.get(i), written.get(i).completion());
    }
    EvalMetrics expected = Evaluation.of(written, new LexicalF1Similarity()).overall();
    EvalMetrics actual = EvalOutputs.read(run).overall();
    for (Metric metric : Metric.values()) {
      assertEquals(expected.get(metric), actual.get(metric), metric.jsonName());
    }
    // the breakdown keys on the samples' domains (the synthetic world's retail / airline), not their source
    assertEquals(samples.subList(0, 4).stream().map(Sample::domain).collect(Collectors.toSet()),
        EvalOutputs.read(run).byDomain().keySet());
    assertTrue(samples.stream().allMatch(s -> s.domain().equals("retail") || s.domain().equals("airline")));
  }

  @Test
  void modelNeedsData() {
    assertEquals(Main.EXIT_USAGE, CliRun.execute(new StringWriter(), new StringWriter(), "eval", "--model", modelDir.toString(), "--out", dir.resolve("r").toString()));
    assertEquals(Main.EXIT_USAGE, CliRun.execute(new StringWriter(), new StringWriter(), "eval", "--out", dir.resolve("r").toString()));
  }
}

package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.TestPaths;
import ai.thinkact.TinyQwen;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad inputs (issue 13), one command line each: every one must end with its exit code
 * and a one-line {@code error:} naming the file and, where there is one, the line and field.
 * Fixtures live in {@code src/test/resources/bad-inputs}; {@code {in}} in an argument stands for
 * that directory, {@code {tmp}} for a fresh temporary directory, {@code {model}} for the golden tiny
 * Qwen3 (no tokenizer), {@code {tiny}} for a tiny Qwen3 with the real tokenizer and {@code {gen}} for inputs too large to keep as files, generated into {@code {tmp}}.
 * No case may leave its {@code --out} behind.
 */
class BadInputsTest {

  @TempDir Path tmp;

  static Stream<Arguments> cases() {
    return Stream.of(
        // Not UTF-8: exit 3 naming file and line, in every reader (was exit 1 "Input length = 1").
        bad("samples not UTF-8 (data stats)", 3, List.of("samples-not-utf8.jsonl:line 2: not UTF-8 text (byte 0xE9"),
            "data", "stats", "{in}/samples-not-utf8.jsonl"),
        bad("samples not UTF-8 (data prepare)", 3, List.of("samples-not-utf8.jsonl:line 2: not UTF-8"),
            "data", "prepare", "--format", "samples", "--input", "{in}/samples-not-utf8.jsonl", "--out", "{tmp}/out"),
        bad("predictions not UTF-8 (reward)", 3, List.of("predictions-not-utf8.jsonl:line 3: not UTF-8 text (byte 0xFF"),
            "reward", "--input", "{in}/predictions-not-utf8.jsonl"),
        bad("predictions not UTF-8 (eval)", 3, List.of("predictions-not-utf8.jsonl:line 3: not UTF-8"),
            "eval", "--predictions", "{in}/predictions-not-utf8.jsonl", "--out", "{tmp}/out"),
        bad("APIGen-MT JSONL not UTF-8", 3, List.of("apigen-not-utf8.jsonl:line 3: not UTF-8"),
            "data", "prepare", "--format", "apigen-mt", "--input", "{in}/apigen-not-utf8.jsonl", "--out", "{tmp}/out"),
        bad("APIGen-MT array not UTF-8", 3, List.of("apigen-array-not-utf8.json:record 2: bad JSON: Invalid UTF-8", "(line 3,"),
            "data", "prepare", "--format", "apigen-mt", "--input", "{in}/apigen-array-not-utf8.json", "--out", "{tmp}/out"),
        bad("Almita CSV not UTF-8", 3, List.of("almita-not-utf8.csv:line 3: not UTF-8 text (byte 0xFC"),
            "data", "prepare", "--format", "almita", "--input", "{in}/almita-not-utf8.csv", "--out", "{tmp}/out"),
        bad("APIGen-MT not UTF-8 (data text)", 3, List.of("apigen-not-utf8.jsonl:line 3: not UTF-8"),
            "data", "text", "--format", "apigen-mt", "--input", "{in}/apigen-not-utf8.jsonl", "--out", "{tmp}/out.jsonl"),
        bad("score input not UTF-8", 3, List.of("score-not-utf8.jsonl:line 2: not UTF-8"),
            "score", "--model", "{model}", "--input", "{in}/score-not-utf8.jsonl", "--device", "cpu"),
        bad("messages not UTF-8 (generate)", 3, List.of("messages-not-utf8.json", "Invalid UTF-8"),
            "generate", "--model", "{tiny}", "--messages", "{in}/messages-not-utf8.json", "--device", "cpu"),
        bad("YAML config not UTF-8 is a config error", 2, List.of("config-not-utf8.yaml:line 2: not UTF-8"),
            "train", "sft", "--config", "{in}/config-not-utf8.yaml", "--model", "{tiny}", "--train",
            "{in}/empty.jsonl", "--output", "{tmp}/out"),

        // A directory where a file is expected, or nothing there: a usage error naming option and path.
        bad("directory as sample file", 2, List.of("FILE ", "bad-inputs: is a directory, expected a file"),
            "data", "stats", "{in}"),
        bad("directory as predictions", 2, List.of("--predictions ", "bad-inputs: is a directory, expected a file"),
            "eval", "--predictions", "{in}", "--out", "{tmp}/out"),
        bad("directory as reward input", 2, List.of("--input ", ": is a directory, expected a file"),
            "reward", "--input", "{in}"),
        bad("directory as dataset", 2, List.of("--input ", ": is a directory, expected a file"),
            "data", "prepare", "--format", "apigen-mt", "--input", "{in}", "--out", "{tmp}/out"),
        bad("missing dataset", 2, List.of("--input ", "nothing-here.jsonl: no such file"),
            "data", "text", "--format", "apigen-mt", "--input", "{in}/nothing-here.jsonl", "--out", "{tmp}/out.jsonl"),
        bad("file as model directory", 2, List.of("--model ", "empty.jsonl: is a file, expected a directory"),
            "score", "--model", "{in}/empty.jsonl", "--input", "{in}/score-float-ids.jsonl"),

        // Files of other tools: the message names the file and the field.
        bad("truncated tokenizer.json", 3, List.of("truncated-tokenizer/tokenizer.json: not valid JSON", "(line 5,"),
            "data", "prepare", "--format", "apigen-mt", "--input", "{in}/apigen-nested-value.jsonl".replace("nested-value", "from-number"),
            "--skip-invalid", "--tokenizer", "{in}/truncated-tokenizer", "--out", "{tmp}/out"),
        bad("adapter r is a string", 3, List.of("adapter-rank-sixteen/adapter_config.json", "\"r\" must be an integer, got string \"sixteen\""),
            "score", "--model", "{model}", "--adapter", "{in}/adapter-rank-sixteen", "--input", "{gen}/score.jsonl",
            "--device", "cpu"),
        bad("DoRA adapter", 3, List.of("adapter-dora/adapter_config.json: use_dora is true: DoRA adapters are not supported"),
            "export", "merge", "--model", "{model}", "--adapter", "{in}/adapter-dora", "--out", "{tmp}/out"),
        bad("model config with a string number", 3, List.of("model-string-hidden/config.json", "\"hidden_size\" must be an integer, got string \"64\""),
            "score", "--model", "{in}/model-string-hidden", "--input", "{in}/score-float-ids.jsonl"),

        // Bad records: type errors are named, never read as something else.
        bad("\"from\": 7", 3, List.of("apigen-from-number.jsonl:record 2: conversations[1].from must be a string", "got number 7"),
            "data", "prepare", "--format", "apigen-mt", "--input", "{in}/apigen-from-number.jsonl", "--out", "{tmp}/out"),
        bad("nested arrays as APIGen-MT text", 3, List.of("apigen-nested-value.jsonl:record 1: conversations[0].value must be a string, got a list"),
            "data", "prepare", "--format", "apigen-mt", "--input", "{in}/apigen-nested-value.jsonl", "--out", "{tmp}/out"),
        bad("nested arrays as message content", 3, List.of("samples-nested-content.jsonl:line 2: messages[0].content must be a string, got a list"),
            "data", "stats", "{in}/samples-nested-content.jsonl"),
        bad("float token ids", 3, List.of("score-float-ids.jsonl:line 2: prompt_ids[1] must be an integer token id, got number 3.7"),
            "score", "--model", "{model}", "--input", "{in}/score-float-ids.jsonl", "--device", "cpu"),
        bad("50,000-token prompt", 3, List.of("long-prompt.jsonl:line 1: prompt_ids + completion_ids is 50001 tokens",
                "max_position_embeddings 4096"),
            "score", "--model", "{model}", "--input", "{gen}/long-prompt.jsonl", "--device", "cpu"),
        bad("a string past Jackson's 20,000,000-character limit", 3, List.of("huge-string.jsonl:line 1: bad JSON: String value length",
                "20,000,000 characters"),
            "data", "stats", "{gen}/huge-string.jsonl"),
        bad("--test-fraction NaN", 2, List.of("--test-fraction must be within [0, 1], got NaN"),
            "data", "prepare", "--format", "samples", "--input", "{in}/samples-nested-content.jsonl", "--test-fraction", "NaN",
            "--out", "{tmp}/out"),

        // Empty inputs are invalid data (exit 3) in every command, as in data prepare.
        bad("empty predictions (reward)", 3, List.of("empty.jsonl: no completions"), "reward", "--input", "{in}/empty.jsonl"),
        bad("empty predictions (eval)", 3, List.of("empty.jsonl: no predictions"),
            "eval", "--predictions", "{in}/empty.jsonl", "--out", "{tmp}/out"),
        bad("blank test samples (eval)", 3, List.of("blank-lines.jsonl: no samples"),
            "eval", "--model", "{tiny}", "--data", "{in}/blank-lines.jsonl", "--out", "{tmp}/out"),
        bad("empty score input", 3, List.of("empty.jsonl: no prompt/completion lines"),
            "score", "--model", "{model}", "--input", "{in}/empty.jsonl", "--device", "cpu"),
        bad("empty sample file (data stats)", 3, List.of("blank-lines.jsonl: no samples"), "data", "stats", "{in}/blank-lines.jsonl"),
        bad("empty sample file (data show)", 3, List.of("empty.jsonl: no samples"), "data", "show", "{in}/empty.jsonl"),
        bad("empty sample file (data prepare)", 3, List.of("empty.jsonl: no conversations"),
            "data", "prepare", "--format", "samples", "--input", "{in}/empty.jsonl", "--out", "{tmp}/out"),
        bad("empty dataset (data text)", 3, List.of("empty.jsonl: no conversations"),
            "data", "text", "--format", "apigen-mt", "--input", "{in}/empty.jsonl", "--out", "{tmp}/out.jsonl"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsWithItsExitCodeAndAOneLineErrorNamingTheFile(String name, int exit, List<String> fragments, String[] args)
      throws IOException {
    generateLargeInputs();
    List<String> line = new ArrayList<>();
    for (String arg : args) {
      line.add(arg.replace("{in}", resources().toString()).replace("{tmp}", tmp.toString())
          .replace("{gen}", tmp.toString()).replace("{model}", TestPaths.golden("qwen3_tied").resolve("model").toString())
          .replace("{tiny}", arg.contains("{tiny}") ? TinyQwen.modelDir().toString() : ""));
    }
    CliRun r = CliRun.run(line.toArray(String[]::new));
    assertEquals(exit, r.code(), name + ": " + r.err());
    assertTrue(r.err().startsWith("error: "), r.err());
    List<String> lines = r.err().lines().filter(l -> !l.startsWith("Try '")).toList();
    assertEquals(1, lines.size(), "one line: " + r.err());
    for (String fragment : fragments) {
      assertTrue(r.err().contains(fragment), "'" + fragment + "' in: " + r.err());
    }
    assertFalse(Files.exists(tmp.resolve("out")), "nothing written: " + r.err());
    assertFalse(Files.exists(tmp.resolve("out.jsonl")), "nothing written: " + r.err());
  }

  private static Arguments bad(String name, int exit, List<String> fragments, String... args) {
    return Arguments.of(name, exit, fragments, args);
  }

  /** Inputs too large to keep in git: a 50,001-token score line, a 20,000,001-character string. */
  private void generateLargeInputs() throws IOException {
    StringBuilder ids = new StringBuilder("{\"prompt_ids\":[");
    for (int i = 0; i < 50_000; i++) {
      ids.append(i == 0 ? "" : ",").append(i % 500);
    }
    Files.writeString(tmp.resolve("long-prompt.jsonl"), ids.append("],\"completion_ids\":[7]}\n"));
    Files.writeString(tmp.resolve("score.jsonl"), "{\"prompt_ids\":[1,2],\"completion_ids\":[3]}\n");
    Files.writeString(tmp.resolve("huge-string.jsonl"), "{\"id\":\"" + "x".repeat(20_000_001) + "\"}\n");
  }

  private static Path resources() {
    try {
      return Path.of(BadInputsTest.class.getResource("/bad-inputs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

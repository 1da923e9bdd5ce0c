package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CliRun.execute(out, err, args);
  }

  @Test
  void scoresEachLine() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input,
        "{\"target\":{\"type\":\"answer\",\"content\":\"the order shipped\"},\"completion\":\"<think>a b c d e f g</think><answer>The order shipped</answer>\"}\n"
            + "\n"
            + "{\"target\":{\"type\":\"tool_call\",\"name\":\"f\",\"arguments\":{\"a\":1}},\"completion\":\"<answer>no</answer>\"}\n");
    assertEquals(Main.EXIT_OK, run("reward", "--input", input.toString(), "--accuracy-weight", "2"), err.toString());
    String[] lines = out.toString().strip().split("\n");
    assertEquals(2, lines.length);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines[0]);
    // accuracy 1, format 1, length 7/14; total 2*1 + 1 + 0.5
    assertEquals(1.0, first.get("accuracy").asDouble(), 1e-12);
    assertEquals(1.0, first.get("format").asDouble(), 1e-12);
    assertEquals(0.5, first.get("length").asDouble(), 1e-12);
    assertEquals(3.5, first.get("total").asDouble(), 1e-12);
    JsonNode second = mapper.readTree(lines[1]);
    // wrong kind -1 (x2), format 1/3 (answer tag only), length 0
    assertEquals(-2 + 1 / 3.0, second.get("total").asDouble(), 1e-12);
  }

  @Test
  void badLineIsInvalidDataNamingFileAndLine() throws Exception {
    Path input = dir.resolve("bad.jsonl");
    Files.writeString(input,
        "{\"target\":{\"type\":\"answer\",\"content\":\"x\"},\"completion\":\"x\"}\n"
            + "{\"target\":{\"type\":\"tool_call\",\"name\":\"f\"},\"completion\":\"x\"}\n");
    assertEquals(Main.EXIT_INVALID_DATA, run("reward", "--input", input.toString()));
    String message = err.toString().strip();
    assertTrue(message.startsWith("error: " + input + ":line 2: target.arguments"), message);
    assertEquals(1, message.lines().count(), message);
  }

  @Test
  void badWeightsAreAUsageErrorNamingTheFlag() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "");
    assertEquals(Main.EXIT_USAGE, run("reward", "--input", input.toString(), "--format-weight", "-1"));
    assertTrue(err.toString().contains("format_weight") || err.toString().contains("--format-weight"), err.toString());
  }

  @Test
  void lengthBoundsAreTrainGrposFlags() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input,
        "{\"target\":{\"type\":\"answer\",\"content\":\"x\"},\"completion\":\"<think>a b c d e f g</think><answer>x</answer>\"}\n");
    // 7 words with lo = 7: the full length reward w_len = 1 (with the default lo = 14 it is 0.5)
    assertEquals(Main.EXIT_OK, run("reward", "--input", input.toString(), "--think-min-words", "7"), err.toString());
    JsonNode line = new ObjectMapper().readTree(out.toString().strip());
    assertEquals(1.0, line.get("length").asDouble(), 1e-12);
  }
}

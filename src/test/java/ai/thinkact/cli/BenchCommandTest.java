package ai.thinkact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.CliRun;
import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --quick} runs every measurement and reports each in its JSON, and {@code --profile}
 * adds an operator profile of each workload (the figures mean nothing).
 */
class BenchCommandTest {
  /** The traces {@code --profile} writes, one per profiled workload. */
  private static final String[] PROFILED = {
    "prefill-unmerged", "prefill-merged", "decode-merged", "grpo-rollout", "grpo-update", "sft-step"};

  @TempDir Path dir;

  @Test
  void quickBenchReportsEveryFigure() throws Exception {
    CliRun run = CliRun.run("bench", "--quick", "--preset", "tiny", "--json", "--tokenizer", TestPaths.qwen3Tokenizer().toString());
    assertEquals(Main.EXIT_OK, run.code(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    for (String figure : new String[] {"matmul", "decode", "decode_merged", "eval", "eval_shared_prefix", "grpo", "train"}) {
      assertTrue(json.has(figure), "no " + figure + " in " + run.out());
    }
    JsonNode grpo = json.get("grpo");
    assertEquals(2, grpo.get("generations").asInt());
    assertTrue(grpo.get("rollout_s").asDouble() > 0 && grpo.get("update_s").asDouble() > 0, grpo.toString());
    assertTrue(json.get("eval_shared_prefix").get("shared_prefix_tokens").asInt() > 1000, json.get("eval_shared_prefix").toString());
    assertTrue(!json.has("profile"), "a profile without --profile");
  }

  @Test
  void profileWritesTracesAndAReportOfTheOps() throws Exception {
    Path profile = dir.resolve("profile");
    CliRun run = CliRun.run("bench", "--quick", "--preset", "tiny", "--json", "--profile", profile.toString(),
        "--tokenizer", TestPaths.qwen3Tokenizer().toString());
    assertEquals(Main.EXIT_OK, run.code(), run.err());
    for (String section : PROFILED) {
      assertTrue(Files.size(profile.resolve(section + ".trace.json")) > 0, section);
    }
    String report = Files.readString(profile.resolve("profile.md"));
    assertTrue(report.matches("(?s).*`aten::(mm|matmul|linear|addmm)`.*"), report);
    JsonNode sections = new ObjectMapper().readTree(run.out()).get("profile");
    assertEquals(PROFILED.length, sections.size(), sections.toString());
    for (int i = 0; i < PROFILED.length; i++) {
      JsonNode s = sections.get(i);
      assertEquals(PROFILED[i], s.get("section").asText());
      assertTrue(report.contains("`" + PROFILED[i] + ".trace.json`"), PROFILED[i] + " not in " + report);
      double wall = s.get("profiled_s").asDouble();
      double inside = s.get("inside_ops_s").asDouble();
      assertTrue(inside > 0 && inside <= wall, s.toString());
      assertTrue(s.get("unprofiled_s").asDouble() > 0, s.toString());
      assertTrue(s.get("top_level_calls").asInt() > 0 && s.get("calls").asInt() >= s.get("top_level_calls").asInt(), s.toString());
      assertTrue(s.get("top_ops").size() > 0 && s.get("top_ops").size() <= 15, s.toString());
    }
  }
}

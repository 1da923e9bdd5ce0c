package ai.thinkact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.CliRun;
import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code bench --quick} runs every measurement and reports each in its JSON (the figures mean nothing). */
class BenchCommandTest {

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
  }
}

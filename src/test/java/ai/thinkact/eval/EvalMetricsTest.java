package ai.thinkact.eval;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.cli.Main;
import ai.thinkact.reward.LexicalF1Similarity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eval metrics on src/test/resources/eval/predictions-fixture.jsonl, computed by hand.
 *
 * <pre>
 * id  domain  gold          predicted kind  notes
 * s01 retail  tool get_order tool           exact call                      name ok, full ok
 * s02 retail  tool get_order tool           qty "2" instead of 2            name ok, full no
 * s03 retail  tool get_order tool           cancel_order                    name no, full no
 * s04 retail  tool get_order answer
 * s05 retail  answer        answer          "The order shipped." vs gold    similarity 1
 * s06 airline answer        answer (untagged) "flight delayed" vs "your flight is delayed":
 *                                           overlap 2, P = 1, R = 1/2       similarity 2/3
 * s07 airline answer        tool
 * s08 airline tool search   tool            same args + extra "date"        name ok, full ok
 * s09 airline tool search   invalid         bad JSON
 * s10 airline answer        invalid         empty completion
 * s11 retail  tool get_order tool           first call "lookup", 2nd exact  name no, full no (first call counts)
 *
 * all (n = 11): gold tool 7, gold answer 4; predicted tool 6, answer 3, invalid 2;
 *   both tool 5 (s01 s02 s03 s08 s11), both answer 2 (s05 s06)
 *   action_accuracy 7/11; tool P 5/6, R 5/7, F1 = 2(25/42)/(65/42) = 10/13
 *   tool_name_accuracy 3/5 (s01 s02 s08); param_full_match 2/5 (s01 s08)
 *   answer P 2/3, R 2/4, F1 = (2/3)/(7/6) = 4/7; answer_similarity (1 + 2/3)/2 = 5/6; invalid 2/11
 * retail (n = 6: s01-s05, s11): gold tool 5, answer 1; predicted tool 4, answer 2, invalid 0
 *   action 5/6; tool P 4/4, R 4/5, F1 8/9; name 2/4; full 1/4; answer P 1/2, R 1/1, F1 2/3; sim 1; invalid 0
 * airline (n = 5: s06-s10): gold tool 2, answer 3; predicted tool 2, answer 1, invalid 2
 *   action 2/5; tool P 1/2, R 1/2, F1 1/2; name 1/1; full 1/1; answer P 1/1, R 1/3, F1 1/2; sim 2/3; invalid 2/5
 * </pre>
 */
class EvalMetricsTest {
  private static final double EPS = 1e-12;
  @TempDir Path dir;

  static Path fixture() {
    return Path.of("src/test/resources/eval/predictions-fixture.jsonl");
  }

  static void assertMetrics(EvalMetrics m, double... expected) {
    Metric[] metrics = Metric.values();
    assertEquals(metrics.length, expected.length);
    for (int i = 0; i < metrics.length; i++) {
      assertEquals(expected[i], m.get(metrics[i]), EPS, metrics[i].jsonName());
    }
  }

  @Test
  void reproducesHandComputedMetrics() throws Exception {
    Evaluation evaluation = Evaluation.of(Prediction.readJsonl(fixture()), new LexicalF1Similarity());
    assertEquals(11, evaluation.overall().samples());
    // action, tool P R F1, name, full, answer P R F1, similarity, invalid
    assertMetrics(evaluation.overall(),
        7 / 11.0, 5 / 6.0, 5 / 7.0, 10 / 13.0, 3 / 5.0, 2 / 5.0, 2 / 3.0, 2 / 4.0, 4 / 7.0, 5 / 6.0, 2 / 11.0);
    assertEquals(List.of("airline", "retail"), new ArrayList<>(evaluation.byDomain().keySet()));
    assertMetrics(evaluation.byDomain().get("retail"),
        5 / 6.0, 1.0, 4 / 5.0, 8 / 9.0, 2 / 4.0, 1 / 4.0, 1 / 2.0, 1.0, 2 / 3.0, 1.0, 0.0);
    assertMetrics(evaluation.byDomain().get("airline"),
        2 / 5.0, 1 / 2.0, 1 / 2.0, 1 / 2.0, 1.0, 1.0, 1.0, 1 / 3.0, 1 / 2.0, 2 / 3.0, 2 / 5.0);
  }

  @Test
  void aPredictionsLineNamesItsDomainOrElseItsSource() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String target = "\"target\": {\"type\": \"answer\", \"content\": \"ok\"}, \"completion\": \"ok\"";
    List<Prediction> records = new ArrayList<>();
    for (String line : List.of(
        "{\"domain\": \"retail\", \"source\": \"apigen-mt\", " + target + "}", // domain wins
        "{\"source\": \"airline\", " + target + "}", // an older file that named it source
        "{" + target + "}")) {
      records.add(Prediction.fromJson(json.readTree(line)));
    }
    Evaluation evaluation = Evaluation.of(records, new LexicalF1Similarity());
    assertEquals(List.of(Evaluation.NO_DOMAIN, "airline", "retail"), new ArrayList<>(evaluation.byDomain().keySet()));
    assertEquals(1, evaluation.byDomain().get("retail").samples());
    // no line names a domain: no breakdown at all
    assertTrue(Evaluation.of(records.subList(2, 3), new LexicalF1Similarity()).byDomain().isEmpty());
  }

  @Test
  void notApplicableIsNullNotZero() throws Exception {
    // only tool targets, all predicted as tools: nothing about answers can be measured
    List<Prediction> records = new ArrayList<>();
    for (Prediction r : Prediction.readJsonl(fixture())) {
      if (r.id().equals("s01") || r.id().equals("s02")) {
        records.add(r);
      }
    }
    EvalMetrics m = Evaluation.of(records, new LexicalF1Similarity()).overall();
    assertNull(m.get(Metric.ANSWER_PRECISION));
    assertNull(m.get(Metric.ANSWER_RECALL));
    assertNull(m.get(Metric.ANSWER_F1));
    assertNull(m.get(Metric.ANSWER_SIMILARITY));
    assertEquals(1.0, m.get(Metric.TOOL_F1), EPS);
    assertEquals(0.5, m.get(Metric.PARAM_FULL_MATCH), EPS);
  }

  @Test
  void commandWritesRunDirectoryAndCompareReadsIt() throws Exception {
    Path run = dir.resolve("sft");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(Main.EXIT_OK, CliRun.execute(out, err, "eval", "--predictions", fixture().toString(), "--out", run.toString()), err.toString());

    JsonNode metrics = new ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    List<String> keys = new ArrayList<>();
    metrics.fieldNames().forEachRemaining(keys::add);
    List<String> expectedKeys = new ArrayList<>();
    for (Metric metric : Metric.values()) {
      expectedKeys.add(metric.jsonName());
    }
    expectedKeys.add("similarity");
    assertEquals(expectedKeys, keys);
    assertEquals("lexical-f1", metrics.get("similarity").get("scorer").asText());
    assertEquals(7 / 11.0, metrics.get("action_accuracy").asDouble(), EPS);
    assertEquals(11, Files.readAllLines(run.resolve("predictions.jsonl")).size());
    JsonNode first = new ObjectMapper().readTree(Files.readAllLines(run.resolve("predictions.jsonl")).get(0));
    assertEquals("tool_call", first.get("kind").asText());
    String report = Files.readString(run.resolve("report.md"));
    assertTrue(report.contains("| sft | 0.6364 | 0.8333 | 0.7143 | 0.7692 | 0.6000 | 0.4000 |"), report);
    assertTrue(report.contains("lexical fallback"), report);

    EvalOutputs.RunMetrics back = EvalOutputs.read(run);
    assertEquals(11, back.overall().samples());
    assertEquals(5 / 6.0, back.overall().get(Metric.ANSWER_SIMILARITY), EPS);
    assertEquals(2 / 5.0, back.byDomain().get("airline").get(Metric.ACTION_ACCURACY), EPS);

    Path rl = dir.resolve("rl");
    assertEquals(Main.EXIT_OK, CliRun.execute(out, err, "eval", "--predictions", fixture().toString(), "--out", rl.toString()));
    StringWriter compared = new StringWriter();
    assertEquals(Main.EXIT_OK, CliRun.execute(compared, err, "eval", "compare", run.toString(), rl.toString()), err.toString());
    String table = compared.toString();
    assertTrue(table.contains("| sft | 0.6364"), table);
    assertTrue(table.contains("| rl | 0.6364"), table);
    assertTrue(table.contains("## airline"), table);

    assertEquals(Main.EXIT_FAILURE, CliRun.execute(out, err, "eval", "compare", dir.resolve("missing").toString()));
  }
}

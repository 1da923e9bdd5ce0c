package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static ai.thinkact.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thinkact rerank} end to end on the {@code xlmr_ce} golden model. The model directory
 * gets a word-level tokenizer whose word {@code "w<id>"} is token {@code id}, so the text
 * {@code "w269 w209 w262"} tokenises to exactly the golden pair's ids and the printed scores
 * must be the golden logits.
 */
class RerankCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path modelDir;

  private static JsonNode pairs;
  private static JsonNode goldenLogits;

  @BeforeAll
  static void buildModelDir() throws IOException {
    Path golden = TestPaths.golden("xlmr_ce");
    Files.copy(golden.resolve("model/config.json"), modelDir.resolve("config.json"));
    Files.copy(golden.resolve("model/model.safetensors"), modelDir.resolve("model.safetensors"));
    writeWordTokenizer(modelDir.resolve("tokenizer.json"), JSON.readTree(golden.resolve("model/config.json").toFile()).get("vocab_size").asInt());
    pairs = JSON.readTree(golden.resolve("inputs.json").toFile()).get("pairs");
    goldenLogits = JSON.readTree(golden.resolve("expected.json").toFile()).get("logits");
  }

  /** XLM-R special ids (&lt;s&gt; 0, &lt;pad&gt; 1, &lt;/s&gt; 2, &lt;unk&gt; 3), then {@code w<id>} for every other id. */
  static void writeWordTokenizer(Path file, int vocabSize) throws IOException {
    String[] special = {"<s>", "<pad>", "</s>", "<unk>"};
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    ArrayNode added = root.putArray("added_tokens");
    ObjectNode vocab = JSON.createObjectNode();
    for (int id = 0; id < vocabSize; id++) {
      String token = id < special.length ? special[id] : "w" + id;
      vocab.put(token, id);
      if (id < special.length) {
        added.addObject().put("id", id).put("content", token).put("single_word", false).put("lstrip", false)
            .put("rstrip", false).put("normalized", false).put("special", true);
      }
    }
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    ObjectNode post = root.putObject("post_processor");
    post.put("type", "RobertaProcessing");
    post.putArray("sep").add("</s>").add(2);
    post.putArray("cls").add("<s>").add(0);
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    model.set("vocab", vocab);
    model.put("unk_token", "<unk>");
    JSON.writeValue(file.toFile(), root);
  }

  private static String words(JsonNode ids) {
    StringJoiner text = new StringJoiner(" ");
    ids.forEach(id -> text.add("w" + id.asInt()));
    return text.toString();
  }

  @Test
  void printsOneSigmoidScorePerPassage() {
    // Pairs 0 and 2 share no query, so score each golden pair under its own query.
    for (int i = 0; i < pairs.size(); i++) {
      JsonNode pair = pairs.get(i);
      CliRun run = run("rerank", "--model", modelDir.toString(), "--query", words(pair.get("query_ids")),
          "--passage", words(pair.get("passage_ids")), "--passage", words(pair.get("passage_ids")));
      assertEquals(Main.EXIT_OK, run.code(), run.err());
      String[] lines = run.out().strip().split("\\R");
      assertEquals(2, lines.length, run.out());
      double want = 1 / (1 + Math.exp(-goldenLogits.get(i).asDouble()));
      for (String line : lines) {
        assertEquals(want, Double.parseDouble(line), 5e-5, "pair " + i);
      }
    }
  }

  @Test
  void rawPrintsLogitsInPassageOrder() {
    JsonNode first = pairs.get(0);
    List<String> args = new ArrayList<>(List.of("rerank", "--raw", "--model", modelDir.toString(),
        "--query", words(first.get("query_ids"))));
    // Same query, passages of pair 0 and of a longer unrelated text: only the first is golden.
    args.addAll(List.of("--passage", words(pairs.get(3).get("passage_ids")), "--passage", words(first.get("passage_ids"))));
    CliRun run = run(args.toArray(String[]::new));
    assertEquals(Main.EXIT_OK, run.code(), run.err());
    String[] lines = run.out().strip().split("\\R");
    assertEquals(2, lines.length, run.out());
    assertEquals(goldenLogits.get(0).asDouble(), Double.parseDouble(lines[1]), 5e-5);
  }

  @Test
  void aModelWithoutTokenizerIsAUsageError() {
    CliRun run = run("rerank", "--model", TestPaths.golden("xlmr_ce").resolve("model").toString(), "--query", "w5", "--passage", "w6");
    assertEquals(Main.EXIT_USAGE, run.code());
    assertTrue(run.err().contains("no tokenizer.json"), run.err());
  }

  @Test
  void aMaxLengthBeyondThePositionTableIsAUsageError() {
    // max_position_embeddings 130 with pad 1: positions 2..129 hold 128 tokens.
    CliRun run = run("rerank", "--model", modelDir.toString(), "--max-length", "129", "--query", "w5", "--passage", "w6");
    assertEquals(Main.EXIT_USAGE, run.code(), run.err());
    assertTrue(run.err().contains("limit of 128 tokens"), run.err());
  }

  @Test
  void aMissingModelDirectoryIsAUsageError() {
    CliRun run = run("rerank", "--model", modelDir.resolve("nope").toString(), "--query", "w5", "--passage", "w6");
    assertEquals(Main.EXIT_USAGE, run.code());
    assertTrue(run.err().startsWith("error: --model"), run.err());
  }

  @Test
  void aMisShapedTensorIsInvalidDataNamingTensorAndShapes(@TempDir Path broken) throws IOException {
    ObjectNode config = (ObjectNode) JSON.readTree(modelDir.resolve("config.json").toFile());
    config.put("intermediate_size", 100);
    JSON.writeValue(broken.resolve("config.json").toFile(), config);
    Files.copy(modelDir.resolve("model.safetensors"), broken.resolve("model.safetensors"));
    Files.copy(modelDir.resolve("tokenizer.json"), broken.resolve("tokenizer.json"));
    CliRun run = run("rerank", "--model", broken.toString(), "--query", "w5", "--passage", "w6");
    assertEquals(Main.EXIT_INVALID_DATA, run.code(), run.err());
    String message = run.err().strip();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains("roberta.encoder.layer.0.intermediate.dense.weight"), message);
    assertTrue(message.contains("[128, 64]") && message.contains("[100, 64]"), message);
  }

  @Test
  void aMissingTensorIsInvalidDataNamingIt(@TempDir Path broken) throws IOException {
    ObjectNode config = (ObjectNode) JSON.readTree(modelDir.resolve("config.json").toFile());
    config.put("num_hidden_layers", 3);
    JSON.writeValue(broken.resolve("config.json").toFile(), config);
    Files.copy(modelDir.resolve("model.safetensors"), broken.resolve("model.safetensors"));
    Files.copy(modelDir.resolve("tokenizer.json"), broken.resolve("tokenizer.json"));
    CliRun run = run("rerank", "--model", broken.toString(), "--query", "w5", "--passage", "w6");
    assertEquals(Main.EXIT_INVALID_DATA, run.code(), run.err());
    assertTrue(run.err().contains("roberta.encoder.layer.2.attention.self.query.weight is missing"), run.err());
  }
}

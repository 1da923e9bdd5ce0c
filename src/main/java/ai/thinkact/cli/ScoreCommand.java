package ai.thinkact.cli;

import ai.djl.ndarray.NDManager;
import ai.thinkact.base.ConfigException;
import ai.thinkact.config.JsonFields;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.io.Utf8Text;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.PromptCompletion;
import ai.thinkact.model.Qwen3Config;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact score}: natural-log probabilities of completion tokens given their prompts. */
@Command(name = "score",
    description = "For each JSONL line {\"prompt_ids\":[...],\"completion_ids\":[...]} print {\"logprobs\":[...]}:"
        + " the log-probability of each completion token given everything before it.")
public final class ScoreCommand implements Callable<Integer> {

  @Mixin ModelOptions modelOptions;

  @Option(names = "--input", required = true, paramLabel = "FILE.jsonl", description = "Prompt/completion pairs, one per line.")
  Path input;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Divide the logits by this first (as TRL does).")
  float temperature;

  @Option(names = "--batch-size", defaultValue = "8", description = "Lines scored together.")
  int batchSize;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    modelOptions.checkInputs();
    InputPaths.requireFile("--input", input);
    if (batchSize <= 0) {
      throw new ConfigException("--batch-size must be > 0, got " + batchSize);
    }
    // Every line is checked against the model's config before the weights are loaded.
    Qwen3Config config = Qwen3Config.load(modelOptions.model);
    List<PromptCompletion> items = readInput(config);
    ObjectMapper json = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    try (ModelSession session = modelOptions.open()) {
      for (int start = 0; start < items.size(); start += batchSize) {
        List<PromptCompletion> batch = items.subList(start, Math.min(items.size(), start + batchSize));
        float[][] rows;
        try (NDManager scope = session.model.manager().newSubManager()) {
          rows = LogProbs.of(session.model, scope, batch, temperature, session.adapter(), false).rows(batch);
        }
        for (float[] row : rows) {
          ObjectNode line = json.createObjectNode();
          ArrayNode values = line.putArray("logprobs");
          for (float v : row) {
            values.add(v);
          }
          out.println(json.writeValueAsString(line));
        }
      }
      out.flush();
    }
    return Main.EXIT_OK;
  }

  private List<PromptCompletion> readInput(Qwen3Config config) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<PromptCompletion> items = new ArrayList<>();
    try (Utf8Text reader = Utf8Text.open(input)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String where = input + ":line " + reader.lineNumber();
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (JsonProcessingException e) {
          throw new InvalidDataException(where + ": bad JSON: " + JsonFields.problem(e, false), e);
        }
        if (!node.isObject()) {
          throw new InvalidDataException(where + ": not a JSON object");
        }
        int[] prompt = ids(node, "prompt_ids", where, config.vocabSize());
        int[] completion = ids(node, "completion_ids", where, config.vocabSize());
        long length = (long) prompt.length + completion.length;
        if (length > config.maxPositionEmbeddings()) {
          throw new InvalidDataException(where + ": prompt_ids + completion_ids is " + length
              + " tokens, more than the model's max_position_embeddings " + config.maxPositionEmbeddings());
        }
        items.add(new PromptCompletion(prompt, completion));
      }
    }
    if (items.isEmpty()) {
      throw new InvalidDataException(input + ": no prompt/completion lines (empty file?)");
    }
    return items;
  }

  private static int[] ids(JsonNode node, String field, String where, int vocab) {
    JsonNode array = node.get(field);
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw new InvalidDataException(where + ": field " + field + " must be a non-empty array of token ids, got "
          + JsonFields.describe(array));
    }
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      // 3.7 would pass canConvertToInt() and be read as 3: only integers are token ids.
      if (!id.isIntegralNumber() || !id.canConvertToInt()) {
        throw new InvalidDataException(where + ": " + field + "[" + i + "] must be an integer token id, got "
            + JsonFields.describe(id));
      }
      ids[i] = id.intValue();
      if (ids[i] < 0 || ids[i] >= vocab) {
        throw new InvalidDataException(where + ": " + field + "[" + i + "] = " + ids[i]
            + " is outside the model's vocabulary [0, " + vocab + ")");
      }
    }
    return ids;
  }
}

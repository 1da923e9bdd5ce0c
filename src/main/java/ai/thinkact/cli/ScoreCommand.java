package ai.thinkact.cli;

import ai.djl.ndarray.NDManager;
import ai.thinkact.data.InvalidDataException;
import ai.thinkact.model.LogProbs;
import ai.thinkact.model.PromptCompletion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
@Command(name = "score", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "For each JSONL line {\"prompt_ids\":[...],\"completion_ids\":[...]} print {\"logprobs\":[...]}:"
        + " the log-probability of each completion token given everything before it.")
public final class ScoreCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen3 directory.")
  Path model;

  @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT LoRA adapter directory.")
  Path adapter;

  @Option(names = "--input", required = true, paramLabel = "FILE.jsonl", description = "Prompt/completion pairs, one per line.")
  Path input;

  @Option(names = "--temperature", defaultValue = "1.0", description = "Divide the logits by this first (as TRL does).")
  float temperature;

  @Option(names = "--batch-size", defaultValue = "8", description = "Lines scored together.")
  int batchSize;

  @Mixin ComputeOptions compute;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    List<PromptCompletion> items = readInput();
    ObjectMapper json = new ObjectMapper();
    PrintWriter out = spec.commandLine().getOut();
    try (ModelSession session = ModelSession.open(model, adapter, compute.settings())) {
      int vocab = session.model.config().vocabSize();
      for (int i = 0; i < items.size(); i++) {
        for (int id : items.get(i).sequence()) {
          if (id < 0 || id >= vocab) {
            throw new InvalidDataException(input + " line " + (i + 1) + ": token id " + id
                + " outside the model's vocabulary [0, " + vocab + ")");
          }
        }
      }
      for (int start = 0; start < items.size(); start += Math.max(1, batchSize)) {
        List<PromptCompletion> batch = items.subList(start, Math.min(items.size(), start + Math.max(1, batchSize)));
        float[][] rows;
        try (NDManager scope = session.model.manager().newSubManager()) {
          rows = LogProbs.toRows(
              LogProbs.completionLogprobs(session.model, scope, batch, temperature, session.adapter()), batch);
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

  private List<PromptCompletion> readInput() throws IOException {
    if (!Files.isRegularFile(input)) {
      throw new InvalidDataException("--input " + input + " does not exist");
    }
    ObjectMapper json = new ObjectMapper();
    List<PromptCompletion> items = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(input)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new InvalidDataException(input + " line " + number + ": not JSON: " + e.getOriginalMessage(), e);
        }
        items.add(new PromptCompletion(ids(node, "prompt_ids", number), ids(node, "completion_ids", number)));
      }
    }
    return items;
  }

  private int[] ids(JsonNode node, String field, int line) {
    JsonNode array = node.get(field);
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw new InvalidDataException(input + " line " + line + ": field " + field + " must be a non-empty array of token ids");
    }
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      if (!array.get(i).canConvertToInt()) {
        throw new InvalidDataException(input + " line " + line + ": field " + field + "[" + i + "] is not an integer");
      }
      ids[i] = array.get(i).asInt();
    }
    return ids;
  }
}

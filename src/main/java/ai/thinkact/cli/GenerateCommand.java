package ai.thinkact.cli;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.base.ConfigException;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.Generator;
import ai.thinkact.model.SamplingConfig;
import ai.thinkact.model.SamplingSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact generate}: continue one prompt with a Qwen3 checkpoint (and adapter). */
@Command(name = "generate",
    modelTransformer = ConfigOptions.Transformer.class,
    description = "Generate a continuation of a text prompt, a chat (messages JSON) or raw token ids.")
public final class GenerateCommand implements Callable<Integer>, ConfigOptions.Configured {

  @Mixin ModelOptions modelOptions;

  /** Exactly one prompt source. */
  static final class PromptSource {
    @Option(names = "--prompt", paramLabel = "TEXT", description = "Raw text, tokenized as is (no chat template).")
    String prompt;

    @Option(names = "--messages", paramLabel = "FILE.json",
        description = "JSON array of {\"role\",\"content\"}, rendered in the Qwen3 chat format with an assistant turn opened.")
    Path messages;

    @Option(names = "--input-ids", split = ",", paramLabel = "ID", description = "Comma-separated token ids.")
    int[] inputIds;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  PromptSource source;

  @Option(names = "--greedy", description = "Argmax decoding (ignores temperature, top-k, top-p, seed).")
  boolean greedy;

  /** --temperature, --top-p and --top-k, from {@link SamplingConfig}. */
  private final ConfigOptions<SamplingConfig> sampling = new ConfigOptions<>(SamplingConfig.defaults(), null);

  @Option(names = "--seed", defaultValue = "0", description = "Sampling seed.")
  long seed;

  @Option(names = "--max-new-tokens", defaultValue = "128", description = "Most tokens to generate.")
  int maxNewTokens;

  @Option(names = "--json", description = "Print {\"ids\":[...],\"text\":\"...\",\"finish_reason\":\"...\"}.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    modelOptions.checkInputs();
    SamplingConfig knobs = sampling.resolve(); // a wrong value fails before the model loads
    Path model = modelOptions.model;
    InputPaths.requireFile("--messages", source.messages);
    if (source.inputIds == null && !modelOptions.hasTokenizer()) {
      throw new ConfigException("--prompt/--messages need " + model.resolve("tokenizer.json") + "; use --input-ids instead");
    }
    try (ModelSession session = modelOptions.open();
        QwenTokenizer tokenizer = modelOptions.tokenizerOrNull()) {
      int[] prompt = promptIds(tokenizer);
      for (int id : prompt) {
        if (id < 0 || id >= session.model.config().vocabSize()) {
          throw new ConfigException("token id " + id + " is outside the model's vocabulary [0, "
              + session.model.config().vocabSize() + ")");
        }
      }
      Set<Integer> stops = ChatFormat.stopIds(tokenizer, session.model.config().vocabSize());
      SamplingSettings settings = greedy ? SamplingSettings.greedy(maxNewTokens, stops) : knobs.sample(seed, maxNewTokens, stops);
      GenerationResult result = new Generator(session.model).generate(List.of(prompt), settings, session.adapter()).get(0);
      String text = tokenizer == null ? "" : tokenizer.decode(java.util.Arrays.stream(result.tokenIds()).asLongStream().toArray(), true);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        var ids = node.putArray("ids");
        for (int id : result.tokenIds()) {
          ids.add(id);
        }
        node.put("text", text);
        node.put("finish_reason", result.finishReason().name().toLowerCase(Locale.ROOT));
        out.println(mapper.writeValueAsString(node));
      } else if (tokenizer != null) {
        out.println(text);
      } else {
        out.println(String.join(" ", java.util.Arrays.stream(result.tokenIds()).mapToObj(Integer::toString).toList()));
      }
      out.flush();
    }
    return Main.EXIT_OK;
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return sampling;
  }

  private int[] promptIds(QwenTokenizer tokenizer) throws IOException {
    if (source.inputIds != null) {
      if (source.inputIds.length == 0) {
        throw new ConfigException("--input-ids is empty");
      }
      return source.inputIds;
    }
    String text = source.prompt != null ? source.prompt : renderMessages(source.messages);
    int[] ids = java.util.Arrays.stream(tokenizer.encode(text)).mapToInt(Math::toIntExact).toArray();
    if (ids.length == 0) {
      throw new ConfigException("the prompt encodes to no tokens");
    }
    return ids;
  }

  /** Plain Qwen3 chat format: {@code <|im_start|>role\ncontent<|im_end|>\n} per message, then the assistant opener. */
  static String renderMessages(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidDataException(file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new InvalidDataException(file + ": expected a non-empty JSON array of {\"role\",\"content\"} messages");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < root.size(); i++) {
      JsonNode m = root.get(i);
      if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
        throw new InvalidDataException(file + ": message " + i + " needs string fields role and content");
      }
      text.append("<|im_start|>").append(m.get("role").asText()).append('\n')
          .append(m.get("content").asText()).append("<|im_end|>\n");
    }
    return text.append("<|im_start|>assistant\n").toString();
  }
}

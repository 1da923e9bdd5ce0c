package ai.thinkact.lora;

import ai.thinkact.config.ConfigException;
import ai.thinkact.data.InvalidDataException;
import ai.thinkact.model.Projection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * LoRA hyper-parameters as PEFT's {@code adapter_config.json} spells them.
 *
 * @param rank {@code r}, the inner dimension of {@code B A}
 * @param alpha {@code lora_alpha}; the update is scaled by {@code alpha / r} (or {@code alpha / sqrt(r)} with rsLoRA)
 * @param dropout {@code lora_dropout} on the adapter input while training (0 disables)
 * @param targetModules the adapted projections ({@code target_modules}); the paper adapts all seven
 * @param useRslora rank-stabilised scaling (Kalajdzievski 2023), PEFT's {@code use_rslora}
 */
public record LoraConfig(int rank, double alpha, double dropout, Set<Projection> targetModules, boolean useRslora) {

  public static final String FILE = "adapter_config.json";

  public LoraConfig {
    if (rank <= 0) {
      throw new ConfigException("LoRA rank must be > 0, got " + rank);
    }
    if (!(alpha > 0)) {
      throw new ConfigException("LoRA alpha must be > 0, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ConfigException("LoRA dropout must be in [0, 1), got " + dropout);
    }
    if (targetModules == null || targetModules.isEmpty()) {
      throw new ConfigException("LoRA needs at least one target module (q_proj ... down_proj)");
    }
    targetModules = Collections.unmodifiableSet(EnumSet.copyOf(targetModules));
  }

  /** All seven projections, as the paper (and TRL's "all-linear") adapts. */
  public static Set<Projection> allProjections() {
    return EnumSet.allOf(Projection.class);
  }

  /** The factor applied to {@code (x A^T) B^T}. */
  public double scale() {
    return useRslora ? alpha / Math.sqrt(rank) : alpha / rank;
  }

  /** Reads {@code dir/adapter_config.json}; problems are one line naming the file and field. */
  public static LoraConfig load(Path adapterDir) {
    Path file = adapterDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException("no " + FILE + " in " + adapterDir);
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidDataException(file + ": unreadable JSON: " + e.getMessage(), e);
    }
    String peftType = root.path("peft_type").asText("LORA");
    if (!peftType.equals("LORA")) {
      throw new InvalidDataException(file + ": peft_type is " + peftType + ", only LORA is supported");
    }
    if (root.path("use_dora").asBoolean(false)) {
      throw new InvalidDataException(file + ": use_dora is true; DoRA adapters are not supported");
    }
    JsonNode targets = root.get("target_modules");
    Set<Projection> modules = EnumSet.noneOf(Projection.class);
    if (targets != null && targets.isTextual() && targets.asText().equals("all-linear")) {
      modules = allProjections();
    } else if (targets != null && targets.isArray()) {
      for (JsonNode t : targets) {
        try {
          modules.add(Projection.fromModuleName(t.asText()));
        } catch (IllegalArgumentException e) {
          throw new InvalidDataException(file + ": target_modules: " + e.getMessage(), e);
        }
      }
    } else {
      throw new InvalidDataException(file + ": target_modules must be a list of projection names or \"all-linear\"");
    }
    try {
      return new LoraConfig(root.path("r").asInt(8), root.path("lora_alpha").asDouble(8), root.path("lora_dropout").asDouble(0),
          modules, root.path("use_rslora").asBoolean(false));
    } catch (ConfigException e) {
      throw new InvalidDataException(file + ": " + e.getMessage(), e);
    }
  }

  /** The PEFT {@code adapter_config.json} for this configuration. */
  public ObjectNode toJson(String baseModelNameOrPath) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.putObject("alpha_pattern");
    n.putNull("auto_mapping");
    n.put("base_model_name_or_path", baseModelNameOrPath);
    n.put("bias", "none");
    n.put("fan_in_fan_out", false);
    n.put("inference_mode", true);
    n.put("init_lora_weights", true);
    n.putNull("layers_pattern");
    n.putNull("layers_to_transform");
    if (alpha == Math.rint(alpha)) {
      n.put("lora_alpha", (long) alpha); // PEFT writes an int here
    } else {
      n.put("lora_alpha", alpha);
    }
    n.put("lora_dropout", dropout);
    n.putNull("modules_to_save");
    n.put("peft_type", "LORA");
    n.put("r", rank);
    n.putObject("rank_pattern");
    n.putNull("revision");
    ArrayNode targets = n.putArray("target_modules");
    targetModules.stream().map(Projection::moduleName).sorted().forEach(targets::add);
    n.put("task_type", "CAUSAL_LM");
    n.put("use_dora", false);
    n.put("use_rslora", useRslora);
    return n;
  }
}

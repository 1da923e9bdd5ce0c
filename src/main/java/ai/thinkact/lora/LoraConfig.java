package ai.thinkact.lora;

import ai.thinkact.base.ConfigException;
import ai.thinkact.config.Checks;
import ai.thinkact.config.JsonFields;
import ai.thinkact.config.Setting;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.model.Projection;
import ai.thinkact.model.WeightNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * LoRA hyper-parameters as PEFT's {@code adapter_config.json} spells them, per-module overrides
 * included.
 *
 * <p>{@code rank_pattern} and {@code alpha_pattern} map a key to the rank or alpha of the modules
 * it matches, exactly as PEFT's {@code get_pattern_key} does: the <em>first</em> key, in the file's
 * order, for which the module's full name (e.g. {@code model.layers.3.self_attn.q_proj}) matches
 * the regular expression {@code (.*\.)?(KEY)$}; that is, the name ends with the key at a dot
 * boundary ({@code q_proj}, {@code layers.3.self_attn.q_proj}), the key read as a regular
 * expression. Modules no key matches take {@code r} and {@code lora_alpha}. The scale of each
 * module is computed from its own rank and alpha, {@code alpha / r}, or {@code alpha / sqrt(r)}
 * with {@code use_rslora} (PEFT's {@code LoraLayer.update_layer}).
 *
 * <p>The first five components are also the LoRA settings of {@code train sft} and {@code train
 * coldstart} ({@code lora_rank}, ..., the names TRL's {@code ModelConfig} uses); the defaults here
 * are those of training, the paper's values where it gives them. A PEFT file's absent fields take
 * PEFT's own defaults instead ({@link #fromJson}).
 *
 * @param rank {@code r}, the inner dimension of {@code B A} where no rank pattern matches
 * @param alpha {@code lora_alpha} where no alpha pattern matches
 * @param dropout {@code lora_dropout} on the adapter input while training (0 disables)
 * @param targetModules the adapted projections ({@code target_modules}); the paper adapts all seven
 * @param useRslora rank-stabilised scaling (Kalajdzievski 2023), PEFT's {@code use_rslora}
 * @param rankPattern {@code rank_pattern}: key to rank, in the file's order (null: none)
 * @param alphaPattern {@code alpha_pattern}: key to alpha, in the file's order (null: none)
 */
public record LoraConfig(
    @Setting(key = "lora_rank", value = "16", label = "R",
        doc = "LoRA rank r of every adapted projection (paper value lost; 16 is our choice, 2x PEFT's 8).")
    int rank,
    @Setting(key = "lora_alpha", value = "32",
        doc = "LoRA alpha; the update is scaled by alpha/r (alpha/sqrt(r) with rsLoRA); 32 = 2r, the usual ratio.")
    double alpha,
    @Setting(key = "lora_dropout", value = "0.05",
        doc = "Dropout on the adapter input, training only (TRL's ModelConfig default).")
    double dropout,
    @Setting(key = "lora_target_modules", value = "[q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj]",
        label = "MODULE", doc = "Projections that get adapters; paper section 4.2 adapts all seven.")
    Set<Projection> targetModules,
    @Setting(value = "false", doc = "Rank-stabilised scaling alpha/sqrt(r) (Kalajdzievski 2023), PEFT's use_rslora.")
    boolean useRslora,
    Map<String, Integer> rankPattern,
    Map<String, Double> alphaPattern) {

  public static final String FILE = "adapter_config.json";

  public LoraConfig {
    Checks.atLeast("lora_rank", rank, 1);
    Checks.positive("lora_alpha", alpha);
    Checks.fraction("lora_dropout", dropout);
    Checks.notEmpty("lora_target_modules", targetModules);
    targetModules = Collections.unmodifiableSet(EnumSet.copyOf(targetModules));
    rankPattern = rankPattern == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rankPattern));
    alphaPattern = alphaPattern == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(alphaPattern));
    rankPattern.forEach((key, r) -> {
      compileKey("rank_pattern", key);
      if (r == null || r <= 0) {
        throw new ConfigException("rank_pattern[\"" + key + "\"] must be > 0, got " + r);
      }
    });
    alphaPattern.forEach((key, a) -> {
      compileKey("alpha_pattern", key);
      if (a == null || !(a > 0) || Double.isInfinite(a)) {
        throw new ConfigException("alpha_pattern[\"" + key + "\"] must be > 0, got " + a);
      }
    });
  }

  /** One rank and alpha for every module (no patterns). */
  public LoraConfig(int rank, double alpha, double dropout, Set<Projection> targetModules, boolean useRslora) {
    this(rank, alpha, dropout, targetModules, useRslora, Map.of(), Map.of());
  }

  /** All seven projections, as the paper (and TRL's "all-linear") adapts. */
  public static Set<Projection> allProjections() {
    return EnumSet.allOf(Projection.class);
  }

  /** The rank of projection {@code p} in {@code layer}: {@code rank_pattern}'s, else {@code r}. */
  public int rank(int layer, Projection p) {
    String key = patternKey(rankPattern.keySet(), WeightNames.module(layer, p));
    return key == null ? rank : rankPattern.get(key);
  }

  /** The alpha of projection {@code p} in {@code layer}: {@code alpha_pattern}'s, else {@code lora_alpha}. */
  public double alpha(int layer, Projection p) {
    String key = patternKey(alphaPattern.keySet(), WeightNames.module(layer, p));
    return key == null ? alpha : alphaPattern.get(key);
  }

  /** The factor applied to {@code (x A^T) B^T} of one module: {@code alpha / r}, or {@code alpha / sqrt(r)} with rsLoRA. */
  public double scale(int layer, Projection p) {
    int r = rank(layer, p);
    double a = alpha(layer, p);
    return useRslora ? a / Math.sqrt(r) : a / r;
  }

  /**
   * PEFT's {@code get_pattern_key}: the first of {@code keys} whose regular expression, anchored
   * as {@code (.*\.)?(KEY)$}, matches the whole of {@code moduleName}; {@code null} when none does.
   */
  static String patternKey(Iterable<String> keys, String moduleName) {
    for (String key : keys) {
      if (Pattern.compile("(.*\\.)?(" + key + ")").matcher(moduleName).matches()) {
        return key;
      }
    }
    return null;
  }

  private static void compileKey(String field, String key) {
    try {
      Pattern.compile("(.*\\.)?(" + key + ")");
    } catch (PatternSyntaxException e) {
      throw new ConfigException(field + " key \"" + key + "\" is not a regular expression: " + e.getDescription());
    }
  }

  /** Reads {@code dir/adapter_config.json}; problems are one line naming the file and field (exit code 3). */
  public static LoraConfig load(Path adapterDir) {
    Path file = adapterDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException("no " + FILE + " in " + adapterDir);
    }
    JsonNode root = JsonFields.readObject(file);
    try {
      return fromJson(root);
    } catch (IllegalArgumentException | ConfigException e) {
      throw new InvalidDataException(file + ": " + e.getMessage(), e);
    }
  }

  /** The settings of a parsed {@code adapter_config.json}; refuses what thinkact does not implement. */
  static LoraConfig fromJson(JsonNode root) {
    String peftType = JsonFields.optionalString(root, "peft_type", "LORA");
    if (!peftType.equals("LORA")) {
      throw new IllegalArgumentException("peft_type is " + peftType + ", only LORA is supported");
    }
    refuseUnsupported(root);
    Set<Projection> modules = EnumSet.noneOf(Projection.class);
    JsonNode targets = root.get("target_modules");
    if (targets != null && targets.isTextual() && targets.asText().equals("all-linear")) {
      modules = allProjections();
    } else if (targets != null && targets.isArray()) {
      for (JsonNode t : targets) {
        if (!t.isTextual()) {
          throw new IllegalArgumentException("target_modules must list module names, got " + JsonFields.describe(t));
        }
        try {
          modules.add(Projection.fromModuleName(t.textValue()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("target_modules: " + e.getMessage(), e);
        }
      }
    } else if (targets != null && targets.isTextual()) {
      throw new IllegalArgumentException("target_modules \"" + targets.textValue() + "\" is a regular expression;"
          + " thinkact reads a list of projection names (q_proj ... down_proj) or \"all-linear\"");
    } else {
      throw new IllegalArgumentException("target_modules must be a list of projection names or \"all-linear\", got "
          + JsonFields.describe(targets));
    }
    return new LoraConfig(
        JsonFields.optionalInt(root, "r", 8),
        JsonFields.optionalNumber(root, "lora_alpha", 8),
        JsonFields.optionalNumber(root, "lora_dropout", 0),
        modules,
        JsonFields.optionalBoolean(root, "use_rslora", false),
        ranks(root.get("rank_pattern")),
        alphas(root.get("alpha_pattern")));
  }

  /** PEFT settings that change what the adapter computes and that thinkact does not implement. */
  private static void refuseUnsupported(JsonNode root) {
    if (JsonFields.optionalBoolean(root, "use_dora", false)) {
      throw new IllegalArgumentException("use_dora is true: DoRA adapters are not supported");
    }
    String bias = JsonFields.optionalString(root, "bias", "none");
    if (!bias.equals("none")) {
      throw new IllegalArgumentException("bias is \"" + bias + "\": only \"none\" is supported (no trained biases)");
    }
    if (JsonFields.optionalBoolean(root, "lora_bias", false)) {
      throw new IllegalArgumentException("lora_bias is true: a bias on lora_B is not supported");
    }
    for (String field : List.of("modules_to_save", "layers_to_transform", "layer_replication", "target_parameters",
        "trainable_token_indices", "exclude_modules", "alora_invocation_tokens")) {
      JsonNode value = root.get(field);
      boolean set = value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty());
      if (set) {
        throw new IllegalArgumentException(field + " is set (" + JsonFields.describe(value) + "): not supported;"
            + " thinkact adapts the target_modules of every layer and saves nothing else");
      }
    }
    if (JsonFields.optionalBoolean(root, "use_qalora", false)) {
      throw new IllegalArgumentException("use_qalora is true: QA-LoRA is not supported");
    }
  }

  private static Map<String, Integer> ranks(JsonNode pattern) {
    Map<String, Integer> ranks = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries("rank_pattern", pattern)) {
      ranks.put(e.getKey(), JsonFields.asInt("rank_pattern[\"" + e.getKey() + "\"]", e.getValue()));
    }
    return ranks;
  }

  private static Map<String, Double> alphas(JsonNode pattern) {
    Map<String, Double> alphas = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : entries("alpha_pattern", pattern)) {
      alphas.put(e.getKey(), JsonFields.asNumber("alpha_pattern[\"" + e.getKey() + "\"]", e.getValue()));
    }
    return alphas;
  }

  private static Iterable<Map.Entry<String, JsonNode>> entries(String field, JsonNode pattern) {
    if (pattern == null || pattern.isNull()) {
      return List.of();
    }
    if (!pattern.isObject()) {
      throw new IllegalArgumentException(field + " must be an object {\"module name\": value}, got "
          + JsonFields.describe(pattern));
    }
    return pattern.properties();
  }

  /** The PEFT {@code adapter_config.json} for this configuration, patterns included. */
  public ObjectNode toJson(String baseModelNameOrPath) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    ObjectNode alphas = n.putObject("alpha_pattern");
    alphaPattern.forEach((key, a) -> putNumber(alphas, key, a));
    n.putNull("auto_mapping");
    n.put("base_model_name_or_path", baseModelNameOrPath);
    n.put("bias", "none");
    n.put("fan_in_fan_out", false);
    n.put("inference_mode", true);
    n.put("init_lora_weights", true);
    n.putNull("layers_pattern");
    n.putNull("layers_to_transform");
    putNumber(n, "lora_alpha", alpha);
    n.put("lora_dropout", dropout);
    n.putNull("modules_to_save");
    n.put("peft_type", "LORA");
    n.put("r", rank);
    ObjectNode ranks = n.putObject("rank_pattern");
    rankPattern.forEach(ranks::put);
    n.putNull("revision");
    ArrayNode targets = n.putArray("target_modules");
    targetModules.stream().map(Projection::moduleName).sorted().forEach(targets::add);
    n.put("task_type", "CAUSAL_LM");
    n.put("use_dora", false);
    n.put("use_rslora", useRslora);
    return n;
  }

  /** PEFT writes an int where the value is whole. */
  private static void putNumber(ObjectNode node, String field, double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      node.put(field, (long) value);
    } else {
      node.put(field, value);
    }
  }
}

package ai.thinkact.model;

import ai.thinkact.config.JsonFields;
import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The architecture fields of a Hugging Face Qwen3 {@code config.json}; unknown keys are ignored.
 *
 * @param vocabSize rows of {@code embed_tokens}
 * @param hiddenSize model width
 * @param intermediateSize SwiGLU width
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (GQA); divides {@code numAttentionHeads}
 * @param headDim per-head width; Qwen3 sets it explicitly, default {@code hiddenSize / numAttentionHeads}
 * @param ropeTheta RoPE base ({@code rope_theta}, top level or inside {@code rope_parameters})
 * @param rmsNormEps epsilon inside the RMSNorm square root
 * @param tieWordEmbeddings LM head shares {@code embed_tokens} (no {@code lm_head.weight} needed)
 * @param maxPositionEmbeddings informational context length
 */
public record Qwen3Config(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    double ropeTheta,
    double rmsNormEps,
    boolean tieWordEmbeddings,
    int maxPositionEmbeddings) {

  public Qwen3Config {
    requirePositive("vocab_size", vocabSize);
    requirePositive("hidden_size", hiddenSize);
    requirePositive("intermediate_size", intermediateSize);
    requirePositive("num_hidden_layers", numHiddenLayers);
    requirePositive("num_attention_heads", numAttentionHeads);
    requirePositive("num_key_value_heads", numKeyValueHeads);
    requirePositive("head_dim", headDim);
    requirePositive("max_position_embeddings", maxPositionEmbeddings);
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException("num_attention_heads (" + numAttentionHeads
          + ") must be a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("head_dim must be even for RoPE, got " + headDim);
    }
    if (!(ropeTheta > 0)) {
      throw new IllegalArgumentException("rope_theta must be > 0, got " + ropeTheta);
    }
    if (!(rmsNormEps > 0)) {
      throw new IllegalArgumentException("rms_norm_eps must be > 0, got " + rmsNormEps);
    }
  }

  /** Query heads per key/value head. */
  public int groupSize() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /** Reads {@code dir/config.json}; any problem is one line naming the file and the field. */
  public static Qwen3Config load(Path modelDir) {
    Path file = modelDir.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException("no config.json in " + modelDir);
    }
    JsonNode root = JsonFields.readObject(file);
    try {
      return fromJson(root);
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException(file + ": " + e.getMessage(), e);
    }
  }

  /** Builds the config from a parsed {@code config.json} tree. */
  public static Qwen3Config fromJson(JsonNode root) {
    String modelType = JsonFields.optionalString(root, "model_type", "qwen3");
    if (!modelType.equals("qwen3")) {
      throw new IllegalArgumentException("model_type is " + modelType + ", thinkact runs qwen3 only");
    }
    int hidden = requiredInt(root, "hidden_size");
    int heads = requiredInt(root, "num_attention_heads");
    int headDim = JsonFields.optionalInt(root, "head_dim", hidden / Math.max(heads, 1));
    JsonNode theta = root.get("rope_theta");
    String thetaField = "rope_theta";
    if (theta == null || theta.isNull()) {
      theta = root.path("rope_parameters").get("rope_theta");
      thetaField = "rope_parameters.rope_theta";
    }
    if (theta == null || theta.isNull()) {
      throw new IllegalArgumentException("missing rope_theta (top level or in rope_parameters)");
    }
    return new Qwen3Config(
        requiredInt(root, "vocab_size"),
        hidden,
        requiredInt(root, "intermediate_size"),
        requiredInt(root, "num_hidden_layers"),
        heads,
        JsonFields.optionalInt(root, "num_key_value_heads", heads),
        headDim,
        JsonFields.asNumber(thetaField, theta),
        JsonFields.optionalNumber(root, "rms_norm_eps", 1e-6),
        JsonFields.optionalBoolean(root, "tie_word_embeddings", false),
        JsonFields.optionalInt(root, "max_position_embeddings", 40960));
  }

  /** The {@code config.json} that Hugging Face {@code Qwen3ForCausalLM} loads for this architecture. */
  public ObjectNode toJson(int bosTokenId, int eosTokenId) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.putArray("architectures").add("Qwen3ForCausalLM");
    n.put("attention_bias", false);
    n.put("attention_dropout", 0.0);
    n.put("bos_token_id", bosTokenId);
    n.put("eos_token_id", eosTokenId);
    n.put("head_dim", headDim);
    n.put("hidden_act", "silu");
    n.put("hidden_size", hiddenSize);
    n.put("initializer_range", 0.02);
    n.put("intermediate_size", intermediateSize);
    n.put("max_position_embeddings", maxPositionEmbeddings);
    n.put("max_window_layers", numHiddenLayers);
    n.put("model_type", "qwen3");
    n.put("num_attention_heads", numAttentionHeads);
    n.put("num_hidden_layers", numHiddenLayers);
    n.put("num_key_value_heads", numKeyValueHeads);
    n.put("rms_norm_eps", rmsNormEps);
    n.putNull("rope_scaling");
    n.put("rope_theta", ropeTheta);
    n.putNull("sliding_window");
    n.put("tie_word_embeddings", tieWordEmbeddings);
    n.put("torch_dtype", "float32");
    n.put("transformers_version", "4.51.0");
    n.put("use_cache", true);
    n.put("use_sliding_window", false);
    n.put("vocab_size", vocabSize);
    return n;
  }

  private static int requiredInt(JsonNode root, String field) {
    return JsonFields.requiredInt(root, field);
  }

  private static void requirePositive(String field, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be > 0, got " + value);
    }
  }
}

package ai.thinkact.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The seven linear projections of a Qwen3 decoder layer, by their Hugging Face module names. */
public enum Projection {
  Q_PROJ("self_attn", "q_proj"),
  K_PROJ("self_attn", "k_proj"),
  V_PROJ("self_attn", "v_proj"),
  O_PROJ("self_attn", "o_proj"),
  GATE_PROJ("mlp", "gate_proj"),
  UP_PROJ("mlp", "up_proj"),
  DOWN_PROJ("mlp", "down_proj");

  private final String block;
  private final String moduleName;

  Projection(String block, String moduleName) {
    this.block = block;
    this.moduleName = moduleName;
  }

  /** HF module name, e.g. {@code q_proj} (what PEFT's {@code target_modules} lists; the YAML spelling too). */
  @JsonValue
  public String moduleName() {
    return moduleName;
  }

  /** HF module path inside a layer, e.g. {@code self_attn.q_proj}. */
  public String modulePath() {
    return block + "." + moduleName;
  }

  /** Input width of this projection for {@code config}. */
  public int inFeatures(Qwen3Config config) {
    return switch (this) {
      case Q_PROJ, K_PROJ, V_PROJ, GATE_PROJ, UP_PROJ -> config.hiddenSize();
      case O_PROJ -> config.numAttentionHeads() * config.headDim();
      case DOWN_PROJ -> config.intermediateSize();
    };
  }

  /** Output width of this projection for {@code config}. */
  public int outFeatures(Qwen3Config config) {
    return switch (this) {
      case Q_PROJ -> config.numAttentionHeads() * config.headDim();
      case K_PROJ, V_PROJ -> config.numKeyValueHeads() * config.headDim();
      case O_PROJ, DOWN_PROJ -> config.hiddenSize();
      case GATE_PROJ, UP_PROJ -> config.intermediateSize();
    };
  }

  /** The projection whose HF module name is {@code moduleName}; throws for unknown names. */
  @JsonCreator
  public static Projection fromModuleName(String moduleName) {
    for (Projection p : values()) {
      if (p.moduleName.equals(moduleName)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown projection " + moduleName
        + " (expected q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj or down_proj)");
  }
}

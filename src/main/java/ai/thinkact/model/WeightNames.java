package ai.thinkact.model;

/** Hugging Face Qwen3 tensor names: the only place they are spelled out (STYLE rule 2). */
public final class WeightNames {
  private WeightNames() {}

  public static final String EMBED_TOKENS = "model.embed_tokens.weight";
  public static final String FINAL_NORM = "model.norm.weight";
  public static final String LM_HEAD = "lm_head.weight";

  /** {@code model.layers.{i}.} */
  public static String layerPrefix(int layer) {
    return "model.layers." + layer + ".";
  }

  /** {@code model.layers.{i}.self_attn.q_proj}: the module's name in the model (what PEFT's patterns match). */
  public static String module(int layer, Projection p) {
    return layerPrefix(layer) + p.modulePath();
  }

  public static String projection(int layer, Projection p) {
    return layerPrefix(layer) + p.modulePath() + ".weight";
  }

  public static String inputLayernorm(int layer) {
    return layerPrefix(layer) + "input_layernorm.weight";
  }

  public static String postAttentionLayernorm(int layer) {
    return layerPrefix(layer) + "post_attention_layernorm.weight";
  }

  public static String qNorm(int layer) {
    return layerPrefix(layer) + "self_attn.q_norm.weight";
  }

  public static String kNorm(int layer) {
    return layerPrefix(layer) + "self_attn.k_norm.weight";
  }
}

package ai.thinkact.grpo;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How per-token GRPO losses are averaged, with TRL's names (GRPOConfig.loss_type). */
public enum LossType {
  /** Mean over each completion's tokens, then over completions: the paper's equation (DeepSeekMath). */
  @JsonProperty("grpo") GRPO,
  /** Sum over all tokens of the local batch divided by its token count. */
  @JsonProperty("bnpo") BNPO,
  /** Sum over all tokens divided by batch size x max completion length (Dr. GRPO, Liu et al. 2025). */
  @JsonProperty("dr_grpo") DR_GRPO,
  /** Sum over all tokens divided by the token count of the whole accumulated batch (DAPO, Yu et al. 2025). */
  @JsonProperty("dapo") DAPO
}

package ai.thinkact.grpo;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How rollouts sampled by another engine are reweighted (TRL's {@code vllm_importance_sampling_mode}):
 * the ratio {@code exp(trainer_logp - sampler_logp)} per token or per completion (the product over its
 * tokens), truncated at the cap or zeroed above it.
 */
public enum ImportanceSamplingMode {
  /** Per-token ratio, min(ratio, cap). */
  @JsonProperty("token_truncate") TOKEN_TRUNCATE,
  /** Per-token ratio, 0 above the cap. */
  @JsonProperty("token_mask") TOKEN_MASK,
  /** One ratio per completion, min(ratio, cap), on each of its tokens. */
  @JsonProperty("sequence_truncate") SEQUENCE_TRUNCATE,
  /** One ratio per completion, 0 above the cap: the completion leaves the loss (TRL's default). */
  @JsonProperty("sequence_mask") SEQUENCE_MASK;

  boolean perSequence() {
    return this == SEQUENCE_TRUNCATE || this == SEQUENCE_MASK;
  }

  boolean masks() {
    return this == TOKEN_MASK || this == SEQUENCE_MASK;
  }
}

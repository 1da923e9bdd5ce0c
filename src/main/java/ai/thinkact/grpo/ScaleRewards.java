package ai.thinkact.grpo;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the centred rewards r - mean(group) are divided by, with TRL's names (GRPOConfig.scale_rewards). */
public enum ScaleRewards {
  /** The group's unbiased standard deviation + 1e-4: the paper's and DeepSeekMath's advantage. */
  @JsonProperty("group") GROUP,
  /** The standard deviation over the whole generation batch (Hu et al. 2025, REINFORCE++ style). */
  @JsonProperty("batch") BATCH,
  /** No division (Dr. GRPO): avoids up-weighting groups whose rewards barely differ. */
  @JsonProperty("none") NONE
}

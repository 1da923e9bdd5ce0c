package ai.thinkact.grpo;

/** How rewards are scaled into advantages (TRL {@code scale_rewards}). */
public enum ScaleRewards {
  /** Divide by the std of the prompt's group (GRPO, the paper). */
  GROUP,
  /** Divide by the std over the whole batch (TRL {@code "batch"}). */
  BATCH,
  /** Do not divide (Dr. GRPO). */
  NONE
}

package ai.thinkact.grpo;

/** How per-token losses are averaged (TRL {@code loss_type}). */
public enum LossType {
  /** Mean over each sequence's tokens, then over sequences (original GRPO). */
  GRPO,
  /** Sum over all tokens of the batch divided by their count. */
  BNPO,
  /** Sum over all tokens divided by batch size times {@code max_completion_length} (Dr. GRPO). */
  DR_GRPO,
  /** Sum over all tokens divided by the token count of the whole accumulated batch (DAPO). */
  DAPO
}

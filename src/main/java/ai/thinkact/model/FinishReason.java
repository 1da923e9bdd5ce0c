package ai.thinkact.model;

/** Why a generated sequence ended. */
public enum FinishReason {
  /** It produced one of the stop ids (included as its last token). */
  STOP,
  /** It reached the maximum number of new tokens. */
  LENGTH
}

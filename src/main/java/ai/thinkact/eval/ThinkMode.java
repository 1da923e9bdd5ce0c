package ai.thinkact.eval;

/**
 * Whether the model may think before it acts ({@code --think on|off}); Qwen3's
 * {@code enable_thinking} chat-template switch.
 */
public enum ThinkMode {
  /** The prompt ends with {@code <|im_start|>assistant\n}; the model may open a think block. */
  ON,
  /** The prompt ends with an empty think block, so the model answers or calls a tool at once. */
  OFF;

  public boolean enabled() {
    return this == ON;
  }
}

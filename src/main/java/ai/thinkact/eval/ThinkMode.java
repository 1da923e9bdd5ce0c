package ai.thinkact.eval;

import ai.thinkact.base.ConfigException;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

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

  /** {@code on} or {@code off}, as written in flags and YAML. */
  @JsonValue
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads {@code on}/{@code off} in any case, and the booleans YAML 1.1 makes of them: an unquoted
   * {@code think: on} arrives as {@code true}.
   */
  @JsonCreator
  public static ThinkMode of(Object value) {
    if (value instanceof Boolean enabled) {
      return enabled ? ON : OFF;
    }
    String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "on", "true" -> ON;
      case "off", "false" -> OFF;
      default -> throw new ConfigException("think must be on or off, got '" + value + "'");
    };
  }
}

package ai.thinkact.data;

import ai.thinkact.chat.ToolCall;
import java.util.Objects;

/**
 * One message of a multi-turn conversation as the source datasets store it.
 *
 * @param from who wrote it
 * @param value the raw text (for a function call: the JSON string of the call)
 * @param call the parsed call when {@code from} is {@link From#FUNCTION_CALL}, else {@code null}
 * @param reasoning why the agent took this action (synthetic data only), or {@code null}
 */
public record Turn(From from, String value, ToolCall call, String reasoning) {
  public Turn {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(value, "value");
    if ((from == From.FUNCTION_CALL) != (call != null)) {
      throw new IllegalArgumentException("a turn has a parsed call exactly when it is a function_call");
    }
  }

  public static Turn human(String text) {
    return new Turn(From.HUMAN, text, null, null);
  }

  public static Turn gpt(String text) {
    return new Turn(From.GPT, text, null, null);
  }

  public static Turn observation(String text) {
    return new Turn(From.OBSERVATION, text, null, null);
  }
}

package ai.thinkact.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One function call made by the assistant.
 *
 * @param name the function name
 * @param arguments a JSON object; or a JSON string node whose text is inserted verbatim when
 *     rendered, as Qwen3's chat template does for string arguments
 */
public record ToolCall(String name, JsonNode arguments) {
  public ToolCall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arguments, "arguments");
  }
}

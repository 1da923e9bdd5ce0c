package ai.thinkact.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads chat messages and tool specs in the OpenAI / Hugging Face JSON convention:
 * {@code {"role": "assistant", "content": "...", "reasoning_content": "...", "tool_calls":
 * [{"type": "function", "function": {"name": "...", "arguments": {...} or "..."}}]}}. A tool call
 * without the {@code function} wrapper ({@code {"name", "arguments"}}) is accepted too, as the
 * chat template accepts it. Errors are {@link IllegalArgumentException}s naming the field.
 */
public final class MessageJson {
  private MessageJson() {}

  /** Parses a JSON array of messages. */
  public static List<Message> messages(JsonNode array) {
    if (!array.isArray()) {
      throw new IllegalArgumentException("messages: expected a JSON array, got " + array.getNodeType());
    }
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      messages.add(message(array.get(i), "messages[" + i + "]"));
    }
    return messages;
  }

  /** Parses one message; {@code where} names it in error messages (e.g. {@code messages[3]}). */
  public static Message message(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object");
    }
    Role role = Role.fromJsonName(node.path("role").asText(null));
    if (role == null) {
      throw new IllegalArgumentException(where + ".role: expected system|user|assistant|tool, got " + node.get("role"));
    }
    String content = optionalText(node, "content", where);
    String reasoning = optionalText(node, "reasoning_content", where);
    List<ToolCall> calls = new ArrayList<>();
    JsonNode toolCalls = node.path("tool_calls");
    if (!toolCalls.isMissingNode() && !toolCalls.isNull()) {
      if (!toolCalls.isArray()) {
        throw new IllegalArgumentException(where + ".tool_calls: expected a JSON array");
      }
      for (int i = 0; i < toolCalls.size(); i++) {
        calls.add(toolCall(toolCalls.get(i), where + ".tool_calls[" + i + "]"));
      }
    }
    return new Message(role, content, calls, reasoning);
  }

  private static ToolCall toolCall(JsonNode node, String where) {
    JsonNode function = node.has("function") ? node.get("function") : node;
    String name = function.path("name").asText(null);
    if (name == null || !function.path("name").isTextual()) {
      throw new IllegalArgumentException(where + ".name: expected a string");
    }
    JsonNode arguments = function.get("arguments");
    if (arguments == null || arguments.isNull()) {
      throw new IllegalArgumentException(where + ".arguments: missing");
    }
    return new ToolCall(name, arguments);
  }

  private static String optionalText(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + "." + field + ": expected a string, got " + value.getNodeType());
    }
    return value.textValue();
  }

  /** Parses a JSON array of tool specs (objects, kept as they are); a missing or null node is no tools. */
  public static List<ObjectNode> tools(JsonNode array) {
    List<ObjectNode> tools = new ArrayList<>();
    if (array == null || array.isMissingNode() || array.isNull()) {
      return tools;
    }
    if (!array.isArray()) {
      throw new IllegalArgumentException("tools: expected a JSON array");
    }
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof ObjectNode tool)) {
        throw new IllegalArgumentException("tools[" + i + "]: expected a JSON object");
      }
      tools.add(tool);
    }
    return tools;
  }
}

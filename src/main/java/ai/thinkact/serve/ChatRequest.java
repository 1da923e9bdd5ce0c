package ai.thinkact.serve;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.MessageJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A {@code POST /v1/chat/completions} body, rendered by our Qwen3 chat template.
 *
 * @param model the served model or adapter name; null for the base model
 * @param messages the conversation (OpenAI / Hugging Face message format)
 * @param tools OpenAI tool specs, rendered into the system turn
 * @param enableThinking {@code chat_template_kwargs.enable_thinking} (default true): false ends the
 *     prompt with an empty think block, as Qwen3's template does
 * @param parseToolCalls whether {@code <tool_call>} blocks become {@code tool_calls}: with tools and
 *     {@code tool_choice} {@code auto} (the default when tools are given); {@code none} leaves them in the content
 * @param sampling the sampling fields
 */
record ChatRequest(String model, List<Message> messages, List<ObjectNode> tools, boolean enableThinking,
    boolean parseToolCalls, SamplingRequest sampling) {

  private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  ChatRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }

  static ChatRequest parse(JsonNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ApiException.badRequest("messages", "messages must be a non-empty array");
    }
    List<Message> parsed;
    List<ObjectNode> tools;
    try {
      parsed = MessageJson.messages(normalised((ArrayNode) messages));
      tools = MessageJson.tools(body.get("tools"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage().startsWith("tools") ? "tools" : "messages", e.getMessage());
    }
    JsonNode kwargs = body.get("chat_template_kwargs");
    boolean thinking = true;
    if (kwargs != null && !kwargs.isNull()) {
      if (!kwargs.isObject()) {
        throw ApiException.badRequest("chat_template_kwargs", "chat_template_kwargs must be an object");
      }
      thinking = JsonFields.bool(kwargs, "enable_thinking", true);
    }
    return new ChatRequest(JsonFields.text(body, "model"), parsed, tools, thinking,
        !tools.isEmpty() && toolChoiceAuto(body), SamplingRequest.parse(body, true));
  }

  /** {@code auto} (also when absent) or {@code none}; a forced tool choice is not supported. */
  private static boolean toolChoiceAuto(JsonNode body) {
    JsonNode choice = body.get("tool_choice");
    if (choice == null || choice.isNull() || (choice.isTextual() && choice.textValue().equals("auto"))) {
      return true;
    }
    if (choice.isTextual() && choice.textValue().equals("none")) {
      return false;
    }
    throw ApiException.badRequest("tool_choice", "tool_choice must be \"auto\" or \"none\" (thinkact serve cannot force a tool call)");
  }

  /**
   * The messages as our template reads them: text-part arrays joined into one string, and each
   * tool call's {@code arguments} JSON string parsed into an object (vLLM does the same before
   * applying a chat template), so a round trip through an OpenAI client renders the same prompt.
   */
  private static ArrayNode normalised(ArrayNode messages) {
    ArrayNode copy = messages.deepCopy();
    for (int i = 0; i < copy.size(); i++) {
      if (!(copy.get(i) instanceof ObjectNode message)) {
        continue; // MessageJson names it
      }
      JsonNode content = message.get("content");
      if (content != null && content.isArray()) {
        message.put("content", textParts(content, "messages[" + i + "].content"));
      }
      for (JsonNode call : message.path("tool_calls")) {
        JsonNode holder = call.has("function") ? call.get("function") : call;
        JsonNode arguments = holder.get("arguments");
        if (holder instanceof ObjectNode function && arguments != null && arguments.isTextual()) {
          try {
            JsonNode parsed = STRICT.readTree(arguments.textValue());
            if (parsed != null && parsed.isObject()) {
              function.set("arguments", parsed);
            }
          } catch (JsonProcessingException e) {
            // not JSON: the template writes the string as it is
          }
        }
      }
    }
    return copy;
  }

  private static String textParts(JsonNode parts, String where) {
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < parts.size(); j++) {
      JsonNode part = parts.get(j);
      if (!part.path("type").asText().equals("text") || !part.path("text").isTextual()) {
        throw ApiException.badRequest("messages", where + "[" + j + "]: only {\"type\": \"text\", \"text\": ...} parts are supported");
      }
      text.append(text.isEmpty() ? "" : "\n").append(part.get("text").textValue());
    }
    return text.toString();
  }
}

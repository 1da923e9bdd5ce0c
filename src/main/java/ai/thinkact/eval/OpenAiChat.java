package ai.thinkact.eval;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.Role;
import ai.thinkact.chat.ToolCall;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The OpenAI chat-completions wire format, both ways: a sample's context as a request body, and a
 * response's message as the completion text thinkact's parser reads (the text a Qwen3 model
 * would have written itself: {@code <think>} reasoning, content, {@code <tool_call>} blocks).
 */
public final class OpenAiChat {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private OpenAiChat() {}

  /** The request field that limits the answer's length. */
  public enum LengthField {
    /** OpenAI's current name; vLLM and SGLang read it too. */
    MAX_COMPLETION_TOKENS("max_completion_tokens"),
    /** The older name, for servers that refuse the current one. */
    MAX_TOKENS("max_tokens");

    private final String jsonName;

    LengthField(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }
  }

  /**
   * The request body: {@code model}, {@code messages}, {@code tools} with {@code tool_choice
   * "auto"} (when any: vLLM parses tool calls only when asked to choose), greedy
   * ({@code temperature 0}) and the length limit under {@code lengthField}. With thinking off it
   * adds {@code chat_template_kwargs.enable_thinking=false}, which vLLM and SGLang pass to the chat template.
   */
  public static ObjectNode request(String model, List<Message> messages, List<ObjectNode> tools, int maxTokens, ThinkMode think,
      LengthField lengthField) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", model);
    body.set("messages", messages(messages));
    if (!tools.isEmpty()) {
      ArrayNode array = body.putArray("tools");
      tools.forEach(array::add);
      body.put("tool_choice", "auto");
    }
    body.put("temperature", 0);
    body.put(lengthField.jsonName(), maxTokens);
    if (think == ThinkMode.OFF) {
      body.putObject("chat_template_kwargs").put("enable_thinking", false);
    }
    return body;
  }

  /**
   * Messages in OpenAI form. Our messages carry no tool-call ids, so the assistant's calls get ids
   * {@code call_<n>} and each following tool message answers the oldest unanswered one, as the
   * order of tool responses follows the order of calls in APIGen-MT and the Qwen3 template.
   * Earlier reasoning is not sent (Qwen3's template drops it too).
   */
  static ArrayNode messages(List<Message> messages) {
    ArrayNode array = MAPPER.createArrayNode();
    Deque<String> unanswered = new ArrayDeque<>();
    int nextId = 0;
    for (Message message : messages) {
      ObjectNode node = array.addObject();
      node.put("role", message.role().jsonName());
      if (message.role() == Role.ASSISTANT && !message.toolCalls().isEmpty()) {
        if (message.content().isEmpty()) {
          node.putNull("content");
        } else {
          node.put("content", message.content());
        }
        ArrayNode calls = node.putArray("tool_calls");
        unanswered.clear();
        for (ToolCall call : message.toolCalls()) {
          String id = "call_" + nextId++;
          unanswered.add(id);
          ObjectNode c = calls.addObject();
          c.put("id", id);
          c.put("type", "function");
          ObjectNode function = c.putObject("function");
          function.put("name", call.name());
          function.put("arguments", call.arguments().toString());
        }
      } else {
        node.put("content", message.content());
        if (message.role() == Role.TOOL) {
          node.put("tool_call_id", unanswered.isEmpty() ? "call_" + nextId++ : unanswered.poll());
        }
      }
    }
    return array;
  }

  /**
   * The completion text of {@code choices[0].message}: {@code reasoning_content} (or
   * {@code reasoning}) inside a think block, then {@code content}, then each of
   * {@code tool_calls} as {@code <tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>}.
   * Arguments that are not valid JSON are written as they came, so the call parses as invalid,
   * which is what it is.
   *
   * @throws IllegalArgumentException when the response has no {@code choices[0].message}
   */
  public static String completionText(JsonNode response) {
    JsonNode message = response.path("choices").path(0).path("message");
    if (!message.isObject()) {
      throw new IllegalArgumentException("response has no choices[0].message");
    }
    StringBuilder text = new StringBuilder();
    String reasoning = textOrNull(message.get("reasoning_content"));
    if (reasoning == null) {
      reasoning = textOrNull(message.get("reasoning"));
    }
    if (reasoning != null) {
      text.append("<think>\n").append(reasoning.strip()).append("\n</think>\n\n");
    }
    String content = textOrNull(message.get("content"));
    if (content != null) {
      text.append(content);
    }
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append("<tool_call>\n{\"name\": ")
          .append(quote(function.path("name").asText("")))
          .append(", \"arguments\": ")
          .append(argumentsJson(function.get("arguments")))
          .append("}\n</tool_call>");
    }
    return text.toString();
  }

  /** OpenAI sends arguments as a JSON string; some servers send the object itself. */
  private static String argumentsJson(JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return "{}";
    }
    if (!arguments.isTextual()) {
      return arguments.toString();
    }
    String raw = arguments.asText();
    try {
      JsonNode parsed = STRICT.readTree(raw);
      return parsed == null || parsed.isMissingNode() ? raw : parsed.toString();
    } catch (JsonProcessingException e) {
      return raw;
    }
  }

  private static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() || !node.isTextual() || node.asText().isEmpty() ? null : node.asText();
  }
}

package ai.thinkact.serve;

import ai.thinkact.chat.ToolCall;
import ai.thinkact.reward.ActionKind;
import ai.thinkact.reward.CompletionParser;
import ai.thinkact.reward.ParsedCompletion;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A generated assistant turn split the way vLLM's {@code qwen3} reasoning parser and
 * {@code hermes} tool parser split it, using thinkact's own {@link CompletionParser} (the parser
 * the rewards and eval use), so that {@code eval --endpoint} rebuilds the text eval scores.
 *
 * <ul>
 *   <li>A complete think block (first {@code <think>} to the next {@code </think>}) becomes
 *       {@code reasoning_content} as written (newlines included, as vLLM returns it); the text
 *       after it, leading newlines stripped as Qwen3's template strips them, is the rest. An unclosed {@code <think>} (cut off by the token limit)
 *       stays in the content, as vLLM leaves it.
 *   <li>When tool calls are parsed and every {@code <tool_call>} block is valid (the parser's
 *       {@code tool_call} kind) they become {@code tool_calls} and the content is the text before
 *       the first block (null when blank). Otherwise the blocks stay in the content as written.
 * </ul>
 *
 * @param reasoning the think block's text, or null
 * @param content the visible text, or null when there is none
 * @param toolCalls parsed calls, in order; empty when none
 */
record AssistantMessage(String reasoning, String content, List<ToolCall> toolCalls) {
  private static final String THINK_OPEN = "<think>";
  private static final String THINK_CLOSE = "</think>";
  private static final String TOOL_OPEN = "<tool_call>";

  AssistantMessage {
    toolCalls = List.copyOf(toolCalls);
  }

  static AssistantMessage of(String text, boolean parseToolCalls) {
    String reasoning = null;
    String rest = text;
    int open = text.indexOf(THINK_OPEN);
    int close = open < 0 ? -1 : text.indexOf(THINK_CLOSE, open + THINK_OPEN.length());
    if (close >= 0) {
      reasoning = text.substring(open + THINK_OPEN.length(), close);
      rest = text.substring(0, open) + lstripNewlines(text.substring(close + THINK_CLOSE.length()));
    }
    if (parseToolCalls) {
      ParsedCompletion parsed = CompletionParser.parse(text);
      if (parsed.kind() == ActionKind.TOOL_CALL) {
        int first = rest.indexOf(TOOL_OPEN);
        String before = first < 0 ? "" : rest.substring(0, first).strip();
        return new AssistantMessage(reasoning, before.isEmpty() ? null : before, parsed.toolCalls());
      }
    }
    return new AssistantMessage(reasoning, rest.isEmpty() ? null : rest, List.of());
  }

  /**
   * The OpenAI {@code message} object. Tool-call arguments are a JSON string, as OpenAI sends
   * them; ids are {@code call_<prefix>_<i>} with {@code idPrefix} unique per choice.
   */
  ObjectNode toJson(ObjectMapper json, String idPrefix) {
    ObjectNode message = json.createObjectNode();
    message.put("role", "assistant");
    if (content == null) {
      message.putNull("content");
    } else {
      message.put("content", content);
    }
    if (reasoning == null) {
      message.putNull("reasoning_content");
    } else {
      message.put("reasoning_content", reasoning);
    }
    if (!toolCalls.isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (int i = 0; i < toolCalls.size(); i++) {
        ToolCall call = toolCalls.get(i);
        ObjectNode c = calls.addObject();
        c.put("id", "call_" + idPrefix + "_" + i);
        c.put("type", "function");
        ObjectNode function = c.putObject("function");
        function.put("name", call.name());
        function.put("arguments", call.arguments().isTextual() ? call.arguments().textValue() : call.arguments().toString());
      }
    }
    return message;
  }

  private static String lstripNewlines(String s) {
    int start = 0;
    while (start < s.length() && s.charAt(start) == '\n') {
      start++;
    }
    return s.substring(start);
  }
}

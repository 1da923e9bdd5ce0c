package ai.thinkact.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Qwen3's chat template (the Jinja2 {@code chat_template} of its {@code tokenizer_config.json})
 * written out in Java, giving byte-for-byte the text Hugging Face renders. Each branch below names
 * the template rule it follows. Text only: {@link ChatFormat} adds token ids and loss masks.
 */
public final class ChatTemplate {
  static final String TOOLS_INTRO =
      "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
          + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>";
  static final String TOOLS_OUTRO =
      "\n</tools>\n\nFor each function call, return a json object with function name and arguments"
          + " within <tool_call></tool_call> XML tags:\n<tool_call>\n"
          + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n";
  /** What the template appends to the generation prompt when thinking is switched off. */
  public static final String EMPTY_THINK = "<think>\n\n</think>\n\n";
  /** Opens an assistant turn; a generation prompt ends with it (thinking on). */
  public static final String ASSISTANT_HEADER = "<|im_start|>assistant\n";

  private ChatTemplate() {}

  /**
   * Renders {@code messages} as {@code tokenizer.apply_chat_template(messages, tools=tools,
   * add_generation_prompt=..., enable_thinking=..., tokenize=False)} does for Qwen3.
   *
   * @param tools OpenAI-format tool specs; empty for none
   * @param enableThinking only matters with a generation prompt: {@code false} appends an empty
   *     think block so the model answers directly
   */
  public static String render(
      List<Message> messages, List<ObjectNode> tools, boolean addGenerationPrompt, boolean enableThinking) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("cannot render an empty conversation");
    }
    StringBuilder out = new StringBuilder();
    boolean systemFirst = messages.get(0).role() == Role.SYSTEM;
    // Header: the system prompt, followed by the tool block when there are tools.
    if (!tools.isEmpty()) {
      out.append("<|im_start|>system\n");
      if (systemFirst) {
        out.append(messages.get(0).content()).append("\n\n");
      }
      out.append(TOOLS_INTRO);
      for (ObjectNode tool : tools) {
        out.append('\n');
        PythonJson.write(tool, out);
      }
      out.append(TOOLS_OUTRO);
    } else if (systemFirst) {
      out.append("<|im_start|>system\n").append(messages.get(0).content()).append("<|im_end|>\n");
    }
    int lastQuery = lastQueryIndex(messages);
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      boolean last = i == messages.size() - 1;
      switch (message.role()) {
        case USER -> appendTurn(out, "user", message.content());
        case SYSTEM -> {
          if (i > 0) {
            appendTurn(out, "system", message.content());
          }
        }
        case ASSISTANT -> appendAssistant(out, message, i > lastQuery && (last || hasReasoning(message)));
        case TOOL -> {
          // Consecutive tool messages share one user turn.
          if (i == 0 || messages.get(i - 1).role() != Role.TOOL) {
            out.append("<|im_start|>user");
          }
          out.append("\n<tool_response>\n").append(message.content()).append("\n</tool_response>");
          if (last || messages.get(i + 1).role() != Role.TOOL) {
            out.append("<|im_end|>\n");
          }
        }
      }
    }
    if (addGenerationPrompt) {
      out.append(ASSISTANT_HEADER);
      if (!enableThinking) {
        out.append(EMPTY_THINK);
      }
    }
    return out.toString();
  }

  /**
   * The index of the last real user query: the last user message that is not a tool response
   * wrapped as {@code <tool_response>...</tool_response>}; the last index when there is none.
   * Assistant turns after it keep their think blocks.
   */
  static int lastQueryIndex(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message message = messages.get(i);
      String content = message.content();
      if (message.role() == Role.USER
          && !(content.startsWith("<tool_response>") && content.endsWith("</tool_response>"))) {
        return i;
      }
    }
    return messages.size() - 1;
  }

  private static void appendTurn(StringBuilder out, String role, String content) {
    out.append("<|im_start|>").append(role).append('\n').append(content).append("<|im_end|>\n");
  }

  private static boolean hasReasoning(Message message) {
    return !split(message).reasoning().isEmpty();
  }

  /**
   * Appends one assistant turn, {@code <|im_start|>assistant\n ... <|im_end|>\n}, with a think
   * block when {@code withThink} (the template's rule: after the last query, and either the last
   * message or one with reasoning).
   */
  static void appendAssistant(StringBuilder out, Message message, boolean withThink) {
    Split split = split(message);
    out.append(ASSISTANT_HEADER);
    if (withThink) {
      out.append("<think>\n")
          .append(strip(split.reasoning()))
          .append("\n</think>\n\n")
          .append(lstrip(split.content()));
    } else {
      out.append(split.content());
    }
    List<ToolCall> calls = message.toolCalls();
    for (int c = 0; c < calls.size(); c++) {
      // The template tests the un-lstripped content here, as we do.
      if (c > 0 || !split.content().isEmpty()) {
        out.append('\n');
      }
      ToolCall call = calls.get(c);
      out.append("<tool_call>\n{\"name\": \"").append(call.name()).append("\", \"arguments\": ");
      if (call.arguments().isTextual()) {
        out.append(call.arguments().textValue());
      } else {
        PythonJson.write(call.arguments(), out);
      }
      out.append("}\n</tool_call>");
    }
    out.append("<|im_end|>\n");
  }

  /** An assistant message's visible content and reasoning, as the template separates them. */
  record Split(String content, String reasoning) {}

  /**
   * {@code reasoning_content} when given (even empty); otherwise, when the content holds
   * {@code </think>}, the text after the last {@code </think>} is the content and the text between
   * the last {@code <think>} and the first {@code </think>} is the reasoning.
   */
  static Split split(Message message) {
    String content = message.content();
    if (message.reasoningContent() != null) {
      return new Split(content, message.reasoningContent());
    }
    int close = content.indexOf("</think>");
    if (close < 0) {
      return new Split(content, "");
    }
    String after = lstrip(content.substring(content.lastIndexOf("</think>") + "</think>".length()));
    String before = rstrip(content.substring(0, close));
    int open = before.lastIndexOf("<think>");
    String reasoning = lstrip(open < 0 ? before : before.substring(open + "<think>".length()));
    return new Split(after, reasoning);
  }

  /** Python's {@code s.strip('\n')}. */
  static String strip(String s) {
    return rstrip(lstrip(s));
  }

  /** Python's {@code s.lstrip('\n')}. */
  static String lstrip(String s) {
    int start = 0;
    while (start < s.length() && s.charAt(start) == '\n') {
      start++;
    }
    return s.substring(start);
  }

  /** Python's {@code s.rstrip('\n')}. */
  static String rstrip(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '\n') {
      end--;
    }
    return s.substring(0, end);
  }
}

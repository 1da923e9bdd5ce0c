package ai.thinkact.chat;

import java.util.List;
import java.util.Objects;

/**
 * One chat message in the OpenAI / TRL convention.
 *
 * @param role who speaks
 * @param content the text ({@code ""} for an assistant turn that only calls tools)
 * @param toolCalls the assistant's tool calls, empty otherwise
 * @param reasoningContent the assistant's reasoning (rendered inside {@code <think>}), or {@code null}
 */
public record Message(Role role, String content, List<ToolCall> toolCalls, String reasoningContent) {
  public Message {
    Objects.requireNonNull(role, "role");
    content = content == null ? "" : content;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static Message system(String content) {
    return new Message(Role.SYSTEM, content, List.of(), null);
  }

  public static Message user(String content) {
    return new Message(Role.USER, content, List.of(), null);
  }

  public static Message assistant(String content) {
    return new Message(Role.ASSISTANT, content, List.of(), null);
  }

  public static Message assistantToolCalls(List<ToolCall> calls) {
    return new Message(Role.ASSISTANT, "", calls, null);
  }

  public static Message tool(String content) {
    return new Message(Role.TOOL, content, List.of(), null);
  }
}

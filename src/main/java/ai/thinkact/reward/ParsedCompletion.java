package ai.thinkact.reward;

import ai.thinkact.chat.ToolCall;
import java.util.List;
import java.util.Objects;

/**
 * A completion split into its reasoning and its action (docs/rewards.md).
 *
 * @param kind what the completion does
 * @param think the text between the first {@code <think>} and the next {@code </think>}, or
 *     {@code null} when there is no complete think block
 * @param toolCalls every well-formed tool call, in order (arguments always a JSON object);
 *     empty unless some {@code <tool_call>} block parsed
 * @param answer the answer text (the body of the single {@code <answer>} block, or the untagged
 *     text outside the think block), or {@code null} unless {@code kind} is {@link ActionKind#ANSWER}
 * @param thinkEnd index just after {@code </think>} in the cleaned completion, -1 without a think block
 * @param firstActionTag index of the first {@code <tool_call>} or {@code <answer>} outside the
 *     think block, -1 when there is none
 */
public record ParsedCompletion(
    ActionKind kind, String think, List<ToolCall> toolCalls, String answer, int thinkEnd, int firstActionTag) {
  public ParsedCompletion {
    Objects.requireNonNull(kind, "kind");
    toolCalls = List.copyOf(toolCalls);
  }

  /** Format condition 1: a complete think block exists. */
  public boolean hasThink() {
    return think != null;
  }

  /** Format condition 2: an action tag ({@code <tool_call>} or {@code <answer>}) exists. */
  public boolean hasActionTag() {
    return firstActionTag >= 0;
  }

  /** Format condition 3: the first action tag starts after {@code </think>}. */
  public boolean actionAfterThink() {
    return hasThink() && hasActionTag() && firstActionTag >= thinkEnd;
  }
}

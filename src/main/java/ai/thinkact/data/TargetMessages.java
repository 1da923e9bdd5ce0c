package ai.thinkact.data;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.Role;
import ai.thinkact.chat.ToolCall;
import java.util.List;

/**
 * The assistant message a sample's target becomes when it is trained on (docs/format.md).
 *
 * <ul>
 *   <li>Stage 1 (base SFT, {@link #plain}): a tool call is a message with one {@link ToolCall}
 *       (the chat template renders it as a {@code <tool_call>} block); an answer is its text.
 *   <li>Stage 2 (cold start, {@link #withReasoning}): the reasoning goes in
 *       {@code reasoningContent} (Qwen3's template puts {@code <think>\n...\n</think>\n\n}
 *       before the content), and the action is tagged: an answer becomes
 *       {@code <answer>\n...\n</answer>}, a tool call stays a {@code <tool_call>} block. That is
 *       the format the paper's format reward checks (section 3.1.3). The newlines lay the answer
 *       block out as Qwen3 lays out its think and tool-call blocks, and they matter to a small
 *       model: without them Qwen3's tokenizer merges the opening {@code >} into some first words
 *       ({@code >Your}) and ends the opening tag with the closing tag's last token, which is
 *       always followed by {@code <|im_end|>}, so the model learns to stop right after {@code <answer>}.
 * </ul>
 */
public final class TargetMessages {
  /** The tags around an answer in the reasoning format. */
  public static final String ANSWER_OPEN = "<answer>";

  public static final String ANSWER_CLOSE = "</answer>";

  private TargetMessages() {}

  /** The stage-1 assistant message: the action alone, no reasoning, no answer tag. */
  public static Message plain(Target target) {
    if (target instanceof Target.ToolCallTarget call) {
      return Message.assistantToolCalls(List.of(toolCall(call)));
    }
    return Message.assistant(((Target.AnswerTarget) target).content());
  }

  /** The stage-2 assistant message: reasoning in {@code reasoningContent}, then the tagged action. */
  public static Message withReasoning(Target target, String reasoning) {
    if (reasoning == null || reasoning.isBlank()) {
      throw new IllegalArgumentException("a reasoning target needs reasoning text");
    }
    Message action = tagged(target);
    return new Message(Role.ASSISTANT, action.content(), action.toolCalls(), reasoning.strip());
  }

  /**
   * The stage-2 action without reasoning: a tool call as in stage 1, an answer in its tags. A
   * cold start's samples without reasoning use it, so that every answer the stage trains ends
   * with the same closing tag.
   */
  public static Message tagged(Target target) {
    if (target instanceof Target.ToolCallTarget call) {
      return Message.assistantToolCalls(List.of(toolCall(call)));
    }
    String answer = ((Target.AnswerTarget) target).content();
    return Message.assistant(ANSWER_OPEN + "\n" + answer + "\n" + ANSWER_CLOSE);
  }

  /** {@link #withReasoning} when the sample has reasoning, else {@link #plain}. */
  public static Message of(Sample sample) {
    return sample.reasoning() == null ? plain(sample.target()) : withReasoning(sample.target(), sample.reasoning());
  }

  private static ToolCall toolCall(Target.ToolCallTarget call) {
    return new ToolCall(call.name(), call.arguments());
  }
}

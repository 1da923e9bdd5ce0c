package ai.thinkact.data;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.ToolCall;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a conversation into per-turn samples (paper section 4.1, after Pre-Act): one sample per
 * agent message ({@code gpt} or {@code function_call}), whose context is the system prompt and
 * every earlier message, and whose target is that message.
 *
 * <p>Role mapping: {@code human} -> user, {@code gpt} -> assistant text, {@code function_call} ->
 * assistant with one tool call, {@code observation} -> tool. Each source message stays its own
 * chat message, so consecutive (parallel) function calls give one sample each, with the earlier
 * calls of the group already in the context; a sample's context holds exactly
 * {@code turnIndex + (system prompt ? 1 : 0)} messages. A conversation ending with {@code human}
 * gives nothing for that last message.
 */
public final class Decomposer {
  private Decomposer() {}

  /** The samples of one conversation, in order; ids are {@code <conversationId>#<k>}. */
  public static List<Sample> decompose(Conversation conversation) {
    List<Message> history = new ArrayList<>();
    if (!conversation.system().isBlank()) {
      history.add(Message.system(conversation.system()));
    }
    List<Sample> samples = new ArrayList<>();
    List<Turn> turns = conversation.turns();
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      if (turn.from().isAgentAction() && i >= conversation.firstTarget()) {
        samples.add(
            new Sample(
                conversation.id() + "#" + samples.size(),
                conversation.source(),
                conversation.domain(),
                conversation.id(),
                conversation.tools(),
                history,
                targetOf(turn),
                turn.reasoning()));
      }
      history.add(messageOf(turn));
    }
    return samples;
  }

  /** The chat message a source turn becomes in later samples' context. */
  public static Message messageOf(Turn turn) {
    return switch (turn.from()) {
      case HUMAN -> Message.user(turn.value());
      case GPT -> Message.assistant(turn.value());
      case FUNCTION_CALL -> Message.assistantToolCalls(List.of(turn.call()));
      case OBSERVATION -> Message.tool(turn.value());
    };
  }

  private static Target targetOf(Turn turn) {
    if (turn.from() == From.FUNCTION_CALL) {
      ToolCall call = turn.call();
      ObjectNode arguments =
          call.arguments().isObject() ? (ObjectNode) call.arguments() : Json.MAPPER.createObjectNode();
      return new Target.ToolCallTarget(call.name(), arguments);
    }
    return new Target.AnswerTarget(turn.value());
  }
}

package ai.thinkact.data;

import ai.thinkact.chat.PythonJson;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation as a plain-text transcript, one line per message and no chat markup: the
 * document a language model reads in pretraining, not a training sample. The system prompt and
 * the tool schemas are left out (they would repeat in every document).
 *
 * <pre>
 * User: Where is my order #W2625678?
 * Agent thinks: The user asked about order #W2625678 ...
 * Agent calls get_order_details with {"order_id": "#W2625678"}
 * Result: {"order_id":"#W2625678","status":"pending",...}
 * Agent: Your order #W2625678 is pending.
 * </pre>
 *
 * A call of the {@code think} pseudo-tool becomes an "Agent thinks" line (its empty observation
 * is left out), or nothing without thoughts.
 */
public final class ConversationText {
  private ConversationText() {}

  /** The transcript of {@code conversation}; {@code withThoughts} keeps think calls as "Agent thinks" lines. */
  public static String render(Conversation conversation, boolean withThoughts) {
    List<String> lines = new ArrayList<>();
    List<Turn> turns = conversation.turns();
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      if (ThinkTool.isThinkCall(turn)) {
        if (withThoughts) {
          lines.add("Agent thinks: " + turn.call().arguments().path(ThinkTool.THOUGHT).asText());
        }
        if (i + 1 < turns.size() && turns.get(i + 1).from() == From.OBSERVATION) {
          i++; // its observation
        }
        continue;
      }
      lines.add(switch (turn.from()) {
        case HUMAN -> "User: " + turn.value();
        case GPT -> "Agent: " + turn.value();
        case FUNCTION_CALL -> "Agent calls " + turn.call().name() + " with " + PythonJson.dumps(turn.call().arguments());
        case OBSERVATION -> "Result: " + turn.value();
      });
    }
    return String.join("\n", lines);
  }
}

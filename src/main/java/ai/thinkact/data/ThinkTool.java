package ai.thinkact.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code data prepare} does with calls of the {@code think} pseudo-tool. APIGen-MT-5k lists
 * it among every record's tools ({@code {"name": "think", "arguments": {"thought": ...}}}) and its
 * agent calls it between real actions, mostly answered by an empty observation. The paper keeps
 * reasoning out of base SFT and puts it in {@code <think>} blocks later, so by default it goes.
 */
public enum ThinkTool {
  /** Remove every think call and the observation that answers it; no sample targets it. */
  DROP,
  /** Keep think calls as ordinary tool calls (the literal data). */
  KEEP,
  /**
   * As {@link #DROP}, and the thoughts become the {@code reasoning} of the next real action's
   * sample (several thoughts before one action are joined in order, one per line): cold-start
   * samples drawn from the dataset itself.
   */
  REASONING;

  /** The pseudo-tool's name. */
  public static final String NAME = "think";
  /** Its one argument. */
  public static final String THOUGHT = "thought";

  /** {@code drop|keep|reasoning}. */
  public String cliName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The tool spec as APIGen-MT-5k lists it, in OpenAI function format. */
  public static ObjectNode schema() {
    ObjectNode function = Json.MAPPER.createObjectNode();
    function.put("name", NAME);
    function.put("description", "Use this tool to think and perform reasoning before calling an API. It will not obtain"
        + " new information or change the database, but just append the thought to the log.");
    ObjectNode parameters = function.putObject("parameters");
    parameters.put("type", "object");
    parameters.putObject("properties").putObject(THOUGHT).put("type", "string").put("description", "A thought to think about.");
    parameters.putArray("required").add(THOUGHT);
    return Json.toOpenAiTool(function);
  }

  /** Whether {@code turn} calls the think pseudo-tool. */
  public static boolean isThinkCall(Turn turn) {
    return turn.from() == From.FUNCTION_CALL && NAME.equals(turn.call().name());
  }

  /**
   * The conversation as this mode wants it.
   *
   * @throws IllegalArgumentException when a think call has no string {@code thought} (with the turn index)
   */
  public Conversation apply(Conversation conversation) {
    if (this == KEEP) {
      return conversation;
    }
    List<Turn> source = conversation.turns();
    List<Turn> kept = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    int firstTarget = conversation.firstTarget();
    for (int i = 0; i < source.size(); i++) {
      Turn turn = source.get(i);
      if (isThinkCall(turn)) {
        pending.add(thought(turn, i));
        int removed = 1;
        if (i + 1 < source.size() && source.get(i + 1).from() == From.OBSERVATION) {
          i++; // the observation that answers the think call
          removed++;
        }
        if (i < conversation.firstTarget()) {
          firstTarget -= removed;
        }
        continue;
      }
      if (turn.from().isAgentAction() && !pending.isEmpty()) {
        if (this == REASONING) {
          turn = new Turn(turn.from(), turn.value(), turn.call(), String.join("\n", pending));
        }
        pending.clear();
      }
      kept.add(turn);
    }
    List<ObjectNode> tools = conversation.tools().stream().filter(t -> !NAME.equals(Json.toolName(t))).toList();
    return new Conversation(conversation.id(), conversation.source(), conversation.domain(), conversation.system(), tools, kept,
        Math.max(0, firstTarget));
  }

  private static String thought(Turn turn, int index) {
    JsonNode arguments = turn.call().arguments();
    JsonNode thought = arguments == null ? null : arguments.get(THOUGHT);
    if (thought == null || !thought.isTextual()) {
      throw new IllegalArgumentException("conversations[" + index + "]: think call has no string argument \""
          + THOUGHT + "\"");
    }
    return thought.asText();
  }
}

package ai.thinkact.data;

import ai.thinkact.chat.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Builds one synthetic conversation turn by turn. Every agent action carries the reasoning the
 * cold-start set needs (14-80 words, naming the tool or saying why none is needed); a call is run
 * against the simulated database at once, so its observation is the tool's real result.
 */
final class SynthDialogue {
  static final int MIN_REASONING_WORDS = 14;
  static final int MAX_REASONING_WORDS = 80;

  private final List<Turn> turns = new ArrayList<>();
  private final BiFunction<String, ObjectNode, JsonNode> tools;
  private final Random random;
  private final double thinkShare;

  /**
   * @param tools runs a call (name, arguments) against the database and returns its result
   * @param random decides which actions the agent thinks before
   * @param thinkShare the share of actions preceded by a {@code think} call
   */
  SynthDialogue(BiFunction<String, ObjectNode, JsonNode> tools, Random random, double thinkShare) {
    this.tools = tools;
    this.random = random;
    this.thinkShare = thinkShare;
  }

  void user(String text) {
    turns.add(Turn.human(text));
  }

  /** An agent answer, with why no tool is needed and what it is based on. */
  void say(String text, String reasoning) {
    maybeThink(check(reasoning, null));
    turns.add(new Turn(From.GPT, text, null, reasoning));
  }

  /** An agent tool call; runs it and appends the observation, which it returns. */
  JsonNode call(String name, ObjectNode arguments, String reasoning) {
    maybeThink(check(reasoning, name));
    turns.add(new Turn(From.FUNCTION_CALL, ApigenFormat.callValue(name, arguments),
        new ToolCall(name, arguments), reasoning));
    JsonNode result = tools.apply(name, arguments);
    turns.add(Turn.observation(result.isTextual() ? result.asText() : result.toString()));
    return result;
  }

  /**
   * As in APIGen-MT-5k, the agent sometimes calls the {@code think} pseudo-tool before acting:
   * the reasoning becomes its {@code thought}, answered by an empty observation.
   */
  private void maybeThink(String reasoning) {
    if (random.nextDouble() < thinkShare) {
      ObjectNode arguments = args(ThinkTool.THOUGHT, reasoning);
      turns.add(new Turn(From.FUNCTION_CALL, ApigenFormat.callValue(ThinkTool.NAME, arguments),
          new ToolCall(ThinkTool.NAME, arguments), null));
      turns.add(Turn.observation(""));
    }
  }

  List<Turn> turns() {
    return turns;
  }

  /** Generator bug guard: reasoning outside 14..80 words, or not naming the tool, is never written. */
  private static String check(String reasoning, String tool) {
    int words = SynthText.words(reasoning);
    if (words < MIN_REASONING_WORDS || words > MAX_REASONING_WORDS) {
      throw new IllegalStateException("synthetic reasoning has " + words + " words: " + reasoning);
    }
    if (tool != null && !reasoning.contains(tool)) {
      throw new IllegalStateException("synthetic reasoning does not name " + tool + ": " + reasoning);
    }
    return reasoning;
  }

  static ObjectNode args(Object... keyValues) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      node.set((String) keyValues[i], Json.MAPPER.valueToTree(keyValues[i + 1]));
    }
    return node;
  }
}

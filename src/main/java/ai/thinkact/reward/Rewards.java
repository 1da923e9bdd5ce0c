package ai.thinkact.reward;

import ai.thinkact.chat.ToolCall;
import ai.thinkact.data.Target;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reward components as pure functions (paper equations 1-6; exact definitions in
 * docs/rewards.md). The answer similarity is an input here, so these functions stay free of
 * models; {@link CompositeReward} batches it.
 */
public final class Rewards {
  /** Conditional accuracy of a completion whose kind differs from the gold type. */
  public static final double WRONG_KIND = -1.0;

  private Rewards() {}

  /** Fraction of the three format conditions met: think block, action tag, action after think. */
  public static double format(ParsedCompletion parsed) {
    int met = 0;
    met += parsed.hasThink() ? 1 : 0;
    met += parsed.hasActionTag() ? 1 : 0;
    met += parsed.actionAfterThink() ? 1 : 0;
    return met / 3.0;
  }

  /**
   * Thinking length with w whitespace-separated words in the think block: 0 without a think
   * block or with w = 0; w/lo below lo; 1 within [lo, hi]; max(0, 1 - (w - hi)/hi) above hi.
   */
  public static double thinkingLength(ParsedCompletion parsed, int lo, int hi) {
    if (!parsed.hasThink()) {
      return 0.0;
    }
    int w = wordCount(parsed.think());
    if (w == 0) {
      return 0.0;
    }
    if (w < lo) {
      return (double) w / lo;
    }
    if (w <= hi) {
      return 1.0;
    }
    return Math.max(0.0, 1.0 - (double) (w - hi) / hi);
  }

  /** Whitespace-separated words (Python's {@code len(text.split())}). */
  public static int wordCount(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }

  /**
   * Conditional accuracy of a completion against a tool-call target: -1 unless the completion is
   * a tool call, else the best {@link #toolScore} over the predicted calls, in [0, 3].
   */
  public static double toolAccuracy(Target.ToolCallTarget gold, ParsedCompletion parsed) {
    if (parsed.kind() != ActionKind.TOOL_CALL) {
      return WRONG_KIND;
    }
    double best = 0.0;
    for (ToolCall call : parsed.toolCalls()) {
      best = Math.max(best, toolScore(gold, call));
    }
    return best;
  }

  /**
   * Conditional accuracy against an answer target: -1 unless the completion is an answer, else
   * {@code similarity} (the cross-encoder's or the lexical fallback's score of the answer).
   */
  public static double answerAccuracy(ParsedCompletion parsed, double similarity) {
    return parsed.kind() == ActionKind.ANSWER ? similarity : WRONG_KIND;
  }

  /**
   * r_name + r_keys + r_values of one predicted call: r_name = 1 when the names are equal (else
   * the score is 0); r_keys = |Kg ∩ Kp| / |Kg ∪ Kp| (1 when both are empty); r_values = the
   * fraction of gold keys present in the prediction with an equal value (1 without gold keys).
   */
  public static double toolScore(Target.ToolCallTarget gold, ToolCall predicted) {
    if (!gold.name().equals(predicted.name())) {
      return 0.0;
    }
    Set<String> goldKeys = keys(gold.arguments());
    Set<String> predictedKeys = keys(predicted.arguments());
    Set<String> union = new HashSet<>(goldKeys);
    union.addAll(predictedKeys);
    Set<String> intersection = new HashSet<>(goldKeys);
    intersection.retainAll(predictedKeys);
    double rKeys = union.isEmpty() ? 1.0 : (double) intersection.size() / union.size();

    double rValues = 1.0;
    if (!goldKeys.isEmpty()) {
      int equal = 0;
      for (String key : goldKeys) {
        JsonNode value = predicted.arguments().get(key);
        if (value != null && jsonEquals(gold.arguments().get(key), value)) {
          equal++;
        }
      }
      rValues = (double) equal / goldKeys.size();
    }
    return 1.0 + rKeys + rValues;
  }

  /**
   * JSON equality with numbers compared by value ({@code 2} equals {@code 2.0}) and no type
   * coercion ({@code "0"} differs from {@code 0}); objects ignore key order, arrays do not.
   */
  public static boolean jsonEquals(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      try {
        return a.decimalValue().compareTo(b.decimalValue()) == 0;
      } catch (NumberFormatException notFinite) { // NaN or infinity built in code, never parsed
        return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
      }
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!jsonEquals(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> field : a.properties()) {
        if (!jsonEquals(field.getValue(), b.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.getNodeType() == b.getNodeType() && a.equals(b);
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new HashSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}

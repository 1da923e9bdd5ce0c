package ai.thinkact.eval;

import ai.thinkact.chat.ToolCall;
import ai.thinkact.data.Target;
import ai.thinkact.data.TargetType;
import ai.thinkact.reward.ActionKind;
import ai.thinkact.reward.ParsedCompletion;
import ai.thinkact.reward.Rewards;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one set of samples (definitions in docs/metrics.md). A metric whose denominator
 * is empty (no gold answers, no predicted tool calls, ...) is {@code null}: not applicable, not zero.
 *
 * @param samples number of samples
 * @param values every {@link Metric}, {@code null} where not applicable
 */
public record EvalMetrics(int samples, Map<Metric, Double> values) {
  public EvalMetrics {
    EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      copy.put(metric, values.get(metric));
    }
    values = Collections.unmodifiableMap(copy);
  }

  /** The value of one metric, {@code null} when not applicable. */
  public Double get(Metric metric) {
    return values.get(metric);
  }

  /**
   * Computes the metrics of {@code parsed[i]} against {@code golds[i]}; {@code similarity[i]} is
   * the answer similarity where both are answers (ignored elsewhere).
   */
  public static EvalMetrics compute(List<Target> golds, List<ParsedCompletion> parsed, double[] similarity) {
    int n = golds.size();
    int correctKind = 0;
    int invalid = 0;
    int goldTool = 0;
    int goldAnswer = 0;
    int predTool = 0;
    int predAnswer = 0;
    int bothTool = 0;
    int bothAnswer = 0;
    int nameMatch = 0;
    int fullMatch = 0;
    double similaritySum = 0;
    for (int i = 0; i < n; i++) {
      Target gold = golds.get(i);
      ParsedCompletion p = parsed.get(i);
      boolean goldIsTool = gold.type() == TargetType.TOOL_CALL;
      goldTool += goldIsTool ? 1 : 0;
      goldAnswer += goldIsTool ? 0 : 1;
      predTool += p.kind() == ActionKind.TOOL_CALL ? 1 : 0;
      predAnswer += p.kind() == ActionKind.ANSWER ? 1 : 0;
      invalid += p.kind() == ActionKind.INVALID ? 1 : 0;
      if (!p.kind().matches(gold.type())) {
        continue;
      }
      correctKind++;
      if (gold instanceof Target.ToolCallTarget call) {
        bothTool++;
        ToolCall first = p.toolCalls().get(0);
        if (first.name().equals(call.name())) {
          nameMatch++;
          fullMatch += allGoldArgumentsMatch(call, first) ? 1 : 0;
        }
      } else {
        bothAnswer++;
        similaritySum += similarity[i];
      }
    }
    Map<Metric, Double> v = new EnumMap<>(Metric.class);
    v.put(Metric.ACTION_ACCURACY, ratio(correctKind, n));
    v.put(Metric.TOOL_PRECISION, ratio(bothTool, predTool));
    v.put(Metric.TOOL_RECALL, ratio(bothTool, goldTool));
    v.put(Metric.TOOL_F1, f1(v.get(Metric.TOOL_PRECISION), v.get(Metric.TOOL_RECALL)));
    v.put(Metric.TOOL_NAME_ACCURACY, ratio(nameMatch, bothTool));
    v.put(Metric.PARAM_FULL_MATCH, ratio(fullMatch, bothTool));
    v.put(Metric.ANSWER_PRECISION, ratio(bothAnswer, predAnswer));
    v.put(Metric.ANSWER_RECALL, ratio(bothAnswer, goldAnswer));
    v.put(Metric.ANSWER_F1, f1(v.get(Metric.ANSWER_PRECISION), v.get(Metric.ANSWER_RECALL)));
    v.put(Metric.ANSWER_SIMILARITY, bothAnswer == 0 ? null : similaritySum / bothAnswer);
    v.put(Metric.INVALID_RATE, ratio(invalid, n));
    return new EvalMetrics(n, v);
  }

  /** Every gold argument present in the prediction with an equal value (extra arguments allowed). */
  static boolean allGoldArgumentsMatch(Target.ToolCallTarget gold, ToolCall predicted) {
    for (Map.Entry<String, JsonNode> argument : gold.arguments().properties()) {
      if (!Rewards.jsonEquals(argument.getValue(), predicted.arguments().get(argument.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static Double ratio(int numerator, int denominator) {
    return denominator == 0 ? null : (double) numerator / denominator;
  }

  /** 2PR/(P+R); an undefined side counts as 0; null only when both are undefined. */
  private static Double f1(Double precision, Double recall) {
    if (precision == null && recall == null) {
      return null;
    }
    double p = precision == null ? 0 : precision;
    double r = recall == null ? 0 : recall;
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
  }
}

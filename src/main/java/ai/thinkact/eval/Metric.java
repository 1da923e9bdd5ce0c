package ai.thinkact.eval;

/**
 * The eval metrics (docs/metrics.md), in the column order of the paper's Table 1
 * followed by {@link #INVALID_RATE}. The JSON key of each is fixed: tools read metrics.json by it.
 */
public enum Metric {
  ACTION_ACCURACY("action_accuracy", "Action Acc"),
  TOOL_PRECISION("tool_precision", "Tool P"),
  TOOL_RECALL("tool_recall", "Tool R"),
  TOOL_F1("tool_f1", "Tool F1"),
  TOOL_NAME_ACCURACY("tool_name_accuracy", "Tool Name Acc"),
  PARAM_FULL_MATCH("param_full_match", "Param Match (full)"),
  ANSWER_PRECISION("answer_precision", "Answer P"),
  ANSWER_RECALL("answer_recall", "Answer R"),
  ANSWER_F1("answer_f1", "Answer F1"),
  ANSWER_SIMILARITY("answer_similarity", "Answer Sim"),
  INVALID_RATE("invalid_rate", "Invalid");

  private final String jsonName;
  private final String header;

  Metric(String jsonName, String header) {
    this.jsonName = jsonName;
    this.header = header;
  }

  /** The key in metrics.json. */
  public String jsonName() {
    return jsonName;
  }

  /** The column header in report.md. */
  public String header() {
    return header;
  }
}

package ai.thinkact.eval;

import java.util.Locale;

/** A Markdown table laid out like the paper's Table 1: one row per model, one column per metric. */
public final class ReportTable {
  private ReportTable() {}

  /** Renders {@code rows[i]} named {@code names[i]}; values to 4 decimals, "–" when not applicable. */
  public static String render(String[] names, EvalMetrics[] rows) {
    StringBuilder md = new StringBuilder("| Model |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (Metric metric : Metric.values()) {
      md.append(' ').append(metric.header()).append(" |");
      rule.append(" ---: |");
    }
    md.append('\n').append(rule).append('\n');
    for (int i = 0; i < rows.length; i++) {
      md.append("| ").append(names[i]).append(" |");
      for (Metric metric : Metric.values()) {
        md.append(' ').append(format(rows[i].get(metric))).append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  static String format(Double value) {
    return value == null ? "–" : String.format(Locale.ROOT, "%.4f", value);
  }
}

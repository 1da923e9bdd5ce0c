package ai.thinkact.cli;

import ai.thinkact.base.RunFailedException;
import ai.thinkact.eval.EvalMetrics;
import ai.thinkact.eval.EvalOutputs;
import ai.thinkact.eval.ReportTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code thinkact eval compare RUN_DIR...}: eval runs side by side, one row each (Table 1 layout). */
@Command(
    name = "compare",
    description = "Prints the metrics of eval run directories side by side (base vs SFT vs cold start vs RL).")
public final class EvalCompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Directories written by 'thinkact eval --out'.")
  List<Path> runs;

  @Override
  public Integer call() {
    List<EvalOutputs.RunMetrics> metrics = new ArrayList<>();
    for (Path run : runs) {
      try {
        metrics.add(EvalOutputs.read(run));
      } catch (IOException e) {
        throw new RunFailedException(e.getMessage(), e);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    String[] names = metrics.stream().map(EvalOutputs.RunMetrics::name).toArray(String[]::new);
    out.println("## All samples\n");
    out.print(ReportTable.render(names, metrics.stream().map(EvalOutputs.RunMetrics::overall).toArray(EvalMetrics[]::new)));

    Set<String> domains = new LinkedHashSet<>();
    metrics.forEach(m -> domains.addAll(m.byDomain().keySet()));
    for (String domain : domains) {
      List<String> rowNames = new ArrayList<>();
      List<EvalMetrics> rows = new ArrayList<>();
      for (EvalOutputs.RunMetrics m : metrics) {
        if (m.byDomain().containsKey(domain)) {
          rowNames.add(m.name());
          rows.add(m.byDomain().get(domain));
        }
      }
      out.println("\n## " + domain + "\n");
      out.print(ReportTable.render(rowNames.toArray(String[]::new), rows.toArray(EvalMetrics[]::new)));
    }
    out.println();
    for (EvalOutputs.RunMetrics m : metrics) {
      out.println(m.name() + ": " + EvalOutputs.similarityNote(m.similarityScorer()));
    }
    out.flush();
    return Main.EXIT_OK;
  }
}

package ai.thinkact.cli;

import ai.thinkact.eval.EvalOutputs;
import ai.thinkact.eval.Evaluation;
import ai.thinkact.eval.Metric;
import ai.thinkact.reward.AnswerSimilarity;
import ai.thinkact.reward.ScoredCompletion;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code thinkact eval}: the paper's Table 1 metrics for a set of completions. Completions come
 * from a source (today {@code --predictions FILE.jsonl}; a local model or an endpoint are other
 * sources that produce the same {@link ScoredCompletion}s); scoring and writing do not care which.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    subcommands = {EvalCompareCommand.class},
    description = {
      "Scores completions with the eval metrics (docs/metrics.md) and writes predictions.jsonl,",
      "metrics.json, metrics_by_domain.json and report.md into --out."
    })
public final class EvalCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(EvalCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--predictions",
      paramLabel = "FILE.jsonl",
      description = "Existing completions: lines {\"target\":{...},\"completion\":\"...\"} (optional \"id\", \"domain\").")
  Path predictions;

  @Option(names = "--out", paramLabel = "DIR", description = "Run directory to write.")
  Path out;

  @Option(names = "--name", paramLabel = "NAME", description = "Row name in report.md (default: the --out directory's name).")
  String name;

  @Option(names = "--reranker", paramLabel = "DIR", description = "BGE cross-encoder for answer similarity (default: lexical F1 fallback).")
  Path reranker;

  @Override
  public Integer call() throws Exception {
    if (out == null) {
      throw new ParameterException(spec.commandLine(), "missing --out DIR");
    }
    if (predictions == null) {
      throw new ParameterException(spec.commandLine(), "missing a source of completions: --predictions FILE.jsonl");
    }
    List<ScoredCompletion> records = ScoredCompletion.readJsonl(predictions);
    Evaluation evaluation;
    try (Reranker reranker = Reranker.open(this.reranker)) {
      AnswerSimilarity similarity = reranker.similarity();
      LOG.info("scoring {} predictions from {}; {}", records.size(), predictions, EvalOutputs.similarityNote(similarity.name()));
      evaluation = Evaluation.of(records, similarity);
    }
    String runName = name != null ? name : out.toAbsolutePath().normalize().getFileName().toString();
    EvalOutputs.write(out, runName, evaluation);

    var stdout = spec.commandLine().getOut();
    for (Metric metric : Metric.values()) {
      Double value = evaluation.overall().get(metric);
      stdout.printf("%-20s %s%n", metric.jsonName(), value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value));
    }
    stdout.flush();
    LOG.info("wrote {}", out);
    return Main.EXIT_OK;
  }
}

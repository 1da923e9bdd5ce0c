package ai.thinkact.eval;

import ai.thinkact.chat.ToolCall;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.TargetJson;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.reward.LexicalF1Similarity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of an eval run directory: {@code predictions.jsonl} (one line per sample with its
 * parse), {@code metrics.json} (exactly the {@link Metric} keys, plus a {@code similarity} block
 * naming the scorer), {@code metrics_by_domain.json} (sample counts and per-domain metrics) and
 * {@code report.md} (tables laid out like the paper's Table 1). Each file is written to a temp
 * file, then renamed.
 */
public final class EvalOutputs {
  public static final String PREDICTIONS = "predictions.jsonl";
  public static final String METRICS = "metrics.json";
  public static final String METRICS_BY_DOMAIN = "metrics_by_domain.json";
  public static final String REPORT = "report.md";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINES = new ObjectMapper();

  private EvalOutputs() {}

  /** Writes the four files of {@code evaluation} into {@code dir} (created if needed). */
  public static void write(Path dir, String runName, Evaluation evaluation) throws IOException {
    Files.createDirectories(dir);
    writePredictions(dir.resolve(PREDICTIONS), evaluation);

    ObjectNode metrics = metricsJson(evaluation.overall());
    metrics.putObject("similarity").put("scorer", evaluation.similarityScorer());
    writeAtomically(dir.resolve(METRICS), MAPPER.writeValueAsString(metrics) + "\n");

    ObjectNode byDomain = MAPPER.createObjectNode();
    byDomain.put("samples", evaluation.overall().samples());
    ObjectNode domains = byDomain.putObject("domains");
    for (Map.Entry<String, EvalMetrics> domain : evaluation.byDomain().entrySet()) {
      ObjectNode node = domains.putObject(domain.getKey());
      node.put("samples", domain.getValue().samples());
      node.setAll(metricsJson(domain.getValue()));
    }
    writeAtomically(dir.resolve(METRICS_BY_DOMAIN), MAPPER.writeValueAsString(byDomain) + "\n");

    writeAtomically(dir.resolve(REPORT), report(runName, evaluation));
  }

  /** The metric keys in Table 1 order; {@code null} where not applicable. */
  public static ObjectNode metricsJson(EvalMetrics metrics) {
    ObjectNode node = MAPPER.createObjectNode();
    for (Metric metric : Metric.values()) {
      Double value = metrics.get(metric);
      if (value == null) {
        node.putNull(metric.jsonName());
      } else {
        node.put(metric.jsonName(), value);
      }
    }
    return node;
  }

  /** Reads the metrics of a run directory written by {@link #write}. */
  public static RunMetrics read(Path dir) throws IOException {
    Path file = dir.resolve(METRICS);
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + ": no " + METRICS + " (run 'thinkact eval' with --out " + dir + " first)");
    }
    JsonNode metrics = MAPPER.readTree(file.toFile());
    JsonNode byDomainFile = Files.isRegularFile(dir.resolve(METRICS_BY_DOMAIN))
        ? MAPPER.readTree(dir.resolve(METRICS_BY_DOMAIN).toFile())
        : MAPPER.createObjectNode();
    int samples = byDomainFile.path("samples").asInt(-1);
    Map<String, EvalMetrics> domains = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> domain : byDomainFile.path("domains").properties()) {
      domains.put(domain.getKey(), metricsFrom(file, domain.getValue(), domain.getValue().path("samples").asInt(-1)));
    }
    String scorer = metrics.path("similarity").path("scorer").asText("unknown");
    return new RunMetrics(dir.getFileName().toString(), metricsFrom(file, metrics, samples), domains, scorer);
  }

  /**
   * The metrics of one run read back for comparison.
   *
   * @param name the run directory's name
   * @param overall all samples
   * @param byDomain per domain (possibly empty)
   * @param similarityScorer the answer-similarity scorer of the run
   */
  public record RunMetrics(String name, EvalMetrics overall, Map<String, EvalMetrics> byDomain, String similarityScorer) {}

  private static EvalMetrics metricsFrom(Path file, JsonNode node, int samples) {
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      JsonNode value = node.get(metric.jsonName());
      if (value == null) {
        throw new InvalidDataException(file + ": missing metric " + metric.jsonName());
      }
      values.put(metric, value.isNull() ? null : value.asDouble());
    }
    return new EvalMetrics(samples, values);
  }

  /** report.md: the run's Table 1 row, then one table per domain. */
  static String report(String runName, Evaluation evaluation) {
    StringBuilder md = new StringBuilder();
    md.append("# Evaluation: ").append(runName).append("\n\n");
    md.append(evaluation.overall().samples()).append(" samples. ").append(similarityNote(evaluation.similarityScorer())).append("\n\n");
    md.append("## All samples\n\n");
    md.append(ReportTable.render(new String[] {runName}, new EvalMetrics[] {evaluation.overall()}));
    for (Map.Entry<String, EvalMetrics> domain : evaluation.byDomain().entrySet()) {
      md.append("\n## ").append(domain.getKey()).append(" (").append(domain.getValue().samples()).append(" samples)\n\n");
      md.append(ReportTable.render(new String[] {runName}, new EvalMetrics[] {domain.getValue()}));
    }
    md.append("\nMetric definitions: docs/metrics.md. `–` = not applicable (no sample in the denominator).\n");
    return md.toString();
  }

  /** Says which answer-similarity scorer produced Answer Sim. */
  public static String similarityNote(String scorer) {
    return LexicalF1Similarity.NAME.equals(scorer)
        ? "Answer similarity: lexical fallback (token F1; no cross-encoder reranker configured)."
        : "Answer similarity: cross-encoder " + scorer + ".";
  }

  private static void writePredictions(Path file, Evaluation evaluation) throws IOException {
    AtomicFiles.writeText(file, out -> {
      for (Evaluation.Graded sample : evaluation.samples()) {
        ObjectNode line = LINES.createObjectNode();
        if (sample.input().id() != null) {
          line.put("id", sample.input().id());
        }
        if (sample.input().domain() != null) {
          line.put("domain", sample.input().domain());
        }
        line.set("target", TargetJson.write(sample.input().target()));
        line.put("completion", sample.input().completion());
        line.put("kind", sample.parsed().kind().jsonName());
        line.put("think", sample.parsed().think());
        line.put("answer", sample.parsed().answer());
        ArrayNode calls = line.putArray("tool_calls");
        for (ToolCall call : sample.parsed().toolCalls()) {
          ObjectNode c = calls.addObject();
          c.put("name", call.name());
          c.set("arguments", call.arguments());
        }
        if (Double.isNaN(sample.similarity())) {
          line.putNull("similarity");
        } else {
          line.put("similarity", sample.similarity());
        }
        out.write(LINES.writeValueAsString(line));
        out.write('\n');
      }
    });
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    AtomicFiles.writeString(file, text);
  }
}

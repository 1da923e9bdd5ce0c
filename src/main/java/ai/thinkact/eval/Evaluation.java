package ai.thinkact.eval;

import ai.thinkact.data.Target;
import ai.thinkact.reward.AnswerSimilarity;
import ai.thinkact.reward.CompletionParser;
import ai.thinkact.reward.CompositeReward;
import ai.thinkact.reward.ParsedCompletion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores completions that already exist. Where they came from (a predictions file, a local model,
 * an OpenAI-compatible endpoint) is the caller's business: every source produces
 * {@link Prediction}s and hands them here.
 *
 * @param overall the metrics over all samples
 * @param byDomain the metrics per domain, sorted by name; empty when no sample names a domain
 * @param similarityScorer the name of the answer-similarity scorer used
 * @param samples each sample with its parse and similarity, in input order
 */
public record Evaluation(
    EvalMetrics overall, Map<String, EvalMetrics> byDomain, String similarityScorer, List<Graded> samples) {

  /** Domain name used for samples without one when other samples have one. */
  public static final String NO_DOMAIN = "(none)";

  public Evaluation {
    byDomain = Collections.unmodifiableMap(new TreeMap<>(byDomain));
    samples = List.copyOf(samples);
  }

  /**
   * One prediction, graded.
   *
   * @param input the gold target and the completion
   * @param parsed the completion parsed
   * @param similarity the answer similarity when both are answers, NaN otherwise
   */
  public record Graded(Prediction input, ParsedCompletion parsed, double similarity) {}

  /** Parses every completion, scores answer pairs in one batch, and computes the metrics. */
  public static Evaluation of(List<Prediction> records, AnswerSimilarity similarity) {
    List<Target> golds = new ArrayList<>();
    List<ParsedCompletion> parsed = new ArrayList<>();
    for (Prediction record : records) {
      golds.add(record.target());
      parsed.add(CompletionParser.parse(record.completion()));
    }
    double[] scores = CompositeReward.answerSimilarities(similarity, golds, parsed);
    List<Graded> samples = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      samples.add(new Graded(records.get(i), parsed.get(i), scores[i]));
    }
    EvalMetrics overall = EvalMetrics.compute(golds, parsed, scores);

    Map<String, List<Integer>> domains = new TreeMap<>();
    boolean anyDomain = records.stream().anyMatch(r -> r.domain() != null);
    if (anyDomain) {
      for (int i = 0; i < records.size(); i++) {
        String domain = records.get(i).domain() == null ? NO_DOMAIN : records.get(i).domain();
        domains.computeIfAbsent(domain, d -> new ArrayList<>()).add(i);
      }
    }
    Map<String, EvalMetrics> byDomain = new TreeMap<>();
    for (Map.Entry<String, List<Integer>> domain : domains.entrySet()) {
      List<Target> g = new ArrayList<>();
      List<ParsedCompletion> p = new ArrayList<>();
      double[] s = new double[domain.getValue().size()];
      int k = 0;
      for (int i : domain.getValue()) {
        g.add(golds.get(i));
        p.add(parsed.get(i));
        s[k++] = scores[i];
      }
      byDomain.put(domain.getKey(), EvalMetrics.compute(g, p, s));
    }
    return new Evaluation(overall, byDomain, similarity.name(), samples);
  }
}

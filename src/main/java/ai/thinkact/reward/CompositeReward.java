package ai.thinkact.reward;

import ai.thinkact.data.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composite reward of a batch of completions: parses each one, scores every answer-vs-answer
 * pair with one batched {@link AnswerSimilarity} call, and combines the components with the
 * configured weights. One value per completion; every completion has all three components.
 */
public final class CompositeReward {
  private static final Logger LOG = LoggerFactory.getLogger(CompositeReward.class);

  private final RewardConfig config;
  private final AnswerSimilarity similarity;

  public CompositeReward(RewardConfig config, AnswerSimilarity similarity) {
    this.config = Objects.requireNonNull(config, "config");
    this.similarity = Objects.requireNonNull(similarity, "similarity");
    if (similarity instanceof LexicalF1Similarity) {
      LOG.info("no reranker configured: answer accuracy uses the lexical fallback (token F1)");
    } else {
      LOG.info("answer accuracy uses {}", similarity.name());
    }
  }

  public RewardConfig config() {
    return config;
  }

  public AnswerSimilarity similarity() {
    return similarity;
  }

  /** Scores {@code completions[i]} against {@code golds[i]}. */
  public List<RewardBreakdown> score(List<Target> golds, List<String> completions) {
    if (golds.size() != completions.size()) {
      throw new IllegalArgumentException(
          "golds and completions differ in size: " + golds.size() + " vs " + completions.size());
    }
    List<ParsedCompletion> parsed = new ArrayList<>(completions.size());
    for (String completion : completions) {
      parsed.add(CompletionParser.parse(completion));
    }
    return scoreParsed(golds, parsed);
  }

  /** Like {@link #score} for completions parsed already. */
  public List<RewardBreakdown> scoreParsed(List<Target> golds, List<ParsedCompletion> parsed) {
    double[] answerSimilarity = answerSimilarities(similarity, golds, parsed);
    List<RewardBreakdown> rewards = new ArrayList<>(parsed.size());
    for (int i = 0; i < parsed.size(); i++) {
      ParsedCompletion p = parsed.get(i);
      Target gold = golds.get(i);
      double accuracy =
          gold instanceof Target.ToolCallTarget call
              ? Rewards.toolAccuracy(call, p)
              : Rewards.answerAccuracy(p, answerSimilarity[i]);
      double format = Rewards.format(p);
      double length = Rewards.thinkingLength(p, config.thinkMinWords(), config.thinkMaxWords());
      double total =
          config.accuracyWeight() * accuracy + config.formatWeight() * format + config.lengthWeight() * length;
      rewards.add(new RewardBreakdown(accuracy, format, length, total));
    }
    return rewards;
  }

  /**
   * Similarity of every sample where both gold and prediction are answers, in one batched call;
   * {@code NaN} elsewhere (not applicable, which is not zero).
   */
  public static double[] answerSimilarities(
      AnswerSimilarity similarity, List<Target> golds, List<ParsedCompletion> parsed) {
    double[] scores = new double[parsed.size()];
    Arrays.fill(scores, Double.NaN);
    List<Integer> index = new ArrayList<>();
    List<String> predicted = new ArrayList<>();
    List<String> gold = new ArrayList<>();
    for (int i = 0; i < parsed.size(); i++) {
      if (golds.get(i) instanceof Target.AnswerTarget answer && parsed.get(i).kind() == ActionKind.ANSWER) {
        index.add(i);
        predicted.add(parsed.get(i).answer());
        gold.add(answer.content());
      }
    }
    if (!index.isEmpty()) {
      double[] batch = similarity.similarity(predicted, gold);
      for (int k = 0; k < batch.length; k++) {
        scores[index.get(k)] = batch[k];
      }
    }
    return scores;
  }
}

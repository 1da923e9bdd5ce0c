package ai.thinkact.reward;

import java.util.List;

/**
 * Semantic similarity in [0, 1] between predicted and gold answers, scored in batches so that a
 * model-based scorer (the BGE cross-encoder) can run one forward pass for many pairs.
 */
public interface AnswerSimilarity {

  /**
   * Scores pairs {@code (predicted[i], gold[i])}.
   *
   * @return one value in [0, 1] per pair, in order
   * @throws IllegalArgumentException when the lists differ in size
   */
  double[] similarity(List<String> predicted, List<String> gold);

  /** A short name for logs and reports, e.g. {@code "lexical-f1"} or the reranker's directory. */
  String name();
}

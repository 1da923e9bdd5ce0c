package ai.thinkact.reward;

import java.util.List;

/** Scores answers against gold answers for the conditional-accuracy reward (paper eq. 3). */
public interface AnswerSimilarity {

  /** similarity in [0,1] of each predicted answer to its gold answer */
  double[] similarity(List<String> predicted, List<String> gold);
}

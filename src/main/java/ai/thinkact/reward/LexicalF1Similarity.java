package ai.thinkact.reward;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fallback answer similarity when no reranker is configured: F1 over lowercase {@code \w+}
 * tokens with multiset overlap (SQuAD-style). {@code \w} is Unicode-aware, like Python's
 * {@code re}. Two empty token lists score 1; one empty list scores 0.
 */
public final class LexicalF1Similarity implements AnswerSimilarity {
  public static final String NAME = "lexical-f1";
  private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);

  @Override
  public double[] similarity(List<String> predicted, List<String> gold) {
    if (predicted.size() != gold.size()) {
      throw new IllegalArgumentException(
          "predicted and gold differ in size: " + predicted.size() + " vs " + gold.size());
    }
    double[] scores = new double[predicted.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = f1(predicted.get(i), gold.get(i));
    }
    return scores;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Token F1 of one pair. */
  public static double f1(String predicted, String gold) {
    List<String> p = tokens(predicted);
    List<String> g = tokens(gold);
    if (p.isEmpty() || g.isEmpty()) {
      return p.isEmpty() && g.isEmpty() ? 1.0 : 0.0;
    }
    Map<String, Integer> goldCounts = new HashMap<>();
    for (String token : g) {
      goldCounts.merge(token, 1, Integer::sum);
    }
    int overlap = 0;
    for (String token : p) {
      Integer left = goldCounts.get(token);
      if (left != null && left > 0) {
        overlap++;
        goldCounts.put(token, left - 1);
      }
    }
    if (overlap == 0) {
      return 0.0;
    }
    double precision = (double) overlap / p.size();
    double recall = (double) overlap / g.size();
    return 2 * precision * recall / (precision + recall);
  }

  /** Lowercase {@code \w+} tokens. */
  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    if (text == null) {
      return tokens;
    }
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }
}

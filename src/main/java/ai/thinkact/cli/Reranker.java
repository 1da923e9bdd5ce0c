package ai.thinkact.cli;

import ai.thinkact.reward.AnswerSimilarity;
import ai.thinkact.reward.CrossEncoder;
import ai.thinkact.reward.LexicalF1Similarity;
import java.nio.file.Path;

/**
 * The answer similarity of a command's {@code --reranker DIR}: the BGE cross-encoder loaded from
 * DIR, or the lexical F1 fallback without it; closed with the command.
 *
 * @param similarity what the reward and eval call
 * @param encoder the loaded cross-encoder, or null for the fallback
 */
record Reranker(AnswerSimilarity similarity, CrossEncoder encoder) implements AutoCloseable {

  static Reranker open(Path rerankerDir) {
    if (rerankerDir == null) {
      return new Reranker(new LexicalF1Similarity(), null);
    }
    CrossEncoder encoder = CrossEncoder.load(rerankerDir, CrossEncoder.Options.defaults());
    return new Reranker(encoder, encoder);
  }

  @Override
  public void close() {
    if (encoder != null) {
      encoder.close();
    }
  }
}

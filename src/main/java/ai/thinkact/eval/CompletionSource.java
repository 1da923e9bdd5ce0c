package ai.thinkact.eval;

import java.io.IOException;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Where eval's completions come from: a local model ({@link ModelCompletions}), an
 * OpenAI-compatible server ({@link EndpointCompletions}) or an existing predictions file
 * ({@link PredictionsFile}). Scoring ({@link Evaluation}) does not care which.
 */
public interface CompletionSource {

  /**
   * One record per sample, in the samples' order.
   *
   * @param progress told how many samples are done so far, after each batch
   */
  List<Prediction> completions(IntConsumer progress) throws IOException;

  /** How many records {@link #completions} will return (for a progress bar). */
  int size();
}

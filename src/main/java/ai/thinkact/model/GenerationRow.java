package ai.thinkact.model;

import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One sequence for {@link Generator#generateRows}: its prompt and how to continue it. Rows of one
 * call share the forward passes and nothing else, so what a row produces does not depend on the
 * other rows: greedy rows up to float rounding of the padded attention, sampled rows because each
 * draws from its own {@link Random}.
 *
 * @param prompt token ids, non-empty
 * @param settings greedy or sampled, the stop ids and the token budget of this row
 * @param random drawn from for this row's samples (unused when greedy); rows may share one, and
 *     then draw from it in row order at every step
 * @param logprobs {@code -1}: none; {@code 0}: the log-probability of each chosen token;
 *     {@code k > 0}: also the {@code k} most likely tokens at each step (see {@link TokenLogprobs})
 * @param stopAfter asked after every new token that is not a stop id, with the row's new ids so
 *     far; {@code true} ends the row with {@link FinishReason#STOP}; {@code null}: never asked
 */
public record GenerationRow(int[] prompt, SamplingSettings settings, Random random, int logprobs, Predicate<int[]> stopAfter) {

  public GenerationRow {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(random, "random");
    if (prompt.length == 0) {
      throw new IllegalArgumentException("empty prompt");
    }
    if (logprobs < -1) {
      throw new IllegalArgumentException("logprobs must be -1 (none), 0 (chosen token) or the number of top tokens, got " + logprobs);
    }
    prompt = prompt.clone();
  }

  /** A row with no log-probabilities and no stop check beyond the stop ids. */
  public static GenerationRow of(int[] prompt, SamplingSettings settings, Random random) {
    return new GenerationRow(prompt, settings, random, -1, null);
  }

  @Override
  public int[] prompt() {
    return prompt.clone();
  }

  int promptLength() {
    return prompt.length;
  }

  /**
   * The temperature the reported log-probabilities are taken at: the sampling temperature, or 1
   * for a greedy row (the model's own distribution).
   */
  public float logprobTemperature() {
    return settings.greedy() ? 1f : settings.temperature();
  }
}

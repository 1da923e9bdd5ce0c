package ai.thinkact.model;

import ai.thinkact.base.ConfigException;
import java.util.Set;

/**
 * How to pick each new token. Order as in Hugging Face: logits / temperature, then top-k, then
 * top-p (nucleus), then a draw from the renormalised distribution.
 *
 * @param greedy argmax (ties to the lowest id); temperature, top-k, top-p and seed are then ignored
 * @param temperature divides the logits; > 0
 * @param topK keep the k most likely tokens; 0 disables
 * @param topP keep the smallest set of most likely tokens whose mass reaches p; 1 disables
 * @param seed seeds the {@link java.util.Random} of a call that does not pass its own
 * @param stopIds ids that end a sequence (the chat format's: {@code <|im_end|>}, {@code <|endoftext|>})
 * @param maxNewTokens at most this many tokens per sequence; > 0
 */
public record SamplingSettings(
    boolean greedy, float temperature, int topK, float topP, long seed, Set<Integer> stopIds, int maxNewTokens) {

  public SamplingSettings {
    if (!greedy && !(temperature > 0)) {
      throw new ConfigException("temperature must be > 0 when sampling (greedy decoding takes the argmax), got " + temperature);
    }
    if (topK < 0) {
      throw new ConfigException("top_k must be >= 0 (0 disables), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new ConfigException("top_p must be in (0, 1] (1 disables), got " + topP);
    }
    if (maxNewTokens <= 0) {
      throw new ConfigException("the most new tokens must be > 0, got " + maxNewTokens);
    }
    stopIds = Set.copyOf(stopIds);
  }

  public static SamplingSettings greedy(int maxNewTokens, Set<Integer> stopIds) {
    return new SamplingSettings(true, 1f, 0, 1f, 0L, stopIds, maxNewTokens);
  }

  public static SamplingSettings sample(
      float temperature, int topK, float topP, long seed, int maxNewTokens, Set<Integer> stopIds) {
    return new SamplingSettings(false, temperature, topK, topP, seed, stopIds, maxNewTokens);
  }
}

package ai.thinkact.serve;

import ai.thinkact.model.FinishReason;
import ai.thinkact.model.GenerationResult;
import ai.thinkact.model.GenerationRow;
import ai.thinkact.model.SamplingSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code n} choices of one prompt: the rows to generate, and each result's text cut at its
 * stop string.
 *
 * <p>Seeding: the prompt's seed (the request's, else one from the server's random source) seeds a
 * Random from which choice {@code j} takes the seed of its own Random, so choice {@code j} of a
 * request is the same whatever else is in its batch, and the {@code n} choices differ.
 */
final class Choices {

  /**
   * One finished choice.
   *
   * @param result the generated ids (all of them, stop id or stop string included) and log-probs
   * @param text the decoded text, cut before the first stop string (after it with {@code include_stop_str_in_output})
   * @param finishReason {@code stop} or {@code length}
   * @param stopReason vLLM's {@code stop_reason}: the stop string or the {@code stop_token_ids} id that
   *     ended the choice; null for the end-of-turn tokens and the length limit
   */
  record Choice(GenerationResult result, String text, String finishReason, Object stopReason) {}

  private Choices() {}

  static List<GenerationRow> rows(int[] prompt, SamplingRequest s, int maxTokens, Set<Integer> stopIds, long seed, TokenText text) {
    Set<Integer> allStopIds = new HashSet<>(stopIds);
    allStopIds.addAll(s.stopTokenIds());
    SamplingSettings settings = new SamplingSettings(s.greedy(), s.greedy() ? 1f : s.temperature(), s.topK(), s.topP(),
        seed, allStopIds, maxTokens);
    Predicate<int[]> stopAfter = s.stop().isEmpty() ? null : ids -> firstStop(text.decode(ids), s.stop()) != null;
    Random seeds = new Random(seed);
    List<GenerationRow> rows = new ArrayList<>(s.n());
    for (int j = 0; j < s.n(); j++) {
      rows.add(new GenerationRow(prompt, settings, new Random(seeds.nextLong()), s.logprobs(), stopAfter));
    }
    return rows;
  }

  static Choice finish(GenerationResult result, SamplingRequest s, TokenText text) {
    int[] ids = result.tokenIds();
    String decoded = text.decode(ids);
    StopAt stop = firstStop(decoded, s.stop());
    if (stop != null) {
      String kept = decoded.substring(0, stop.index() + (s.includeStopStr() ? stop.string().length() : 0));
      return new Choice(result, kept, "stop", stop.string());
    }
    if (result.finishReason() == FinishReason.LENGTH) {
      return new Choice(result, decoded, "length", null);
    }
    int last = ids.length == 0 ? -1 : ids[ids.length - 1];
    return new Choice(result, decoded, "stop", s.stopTokenIds().contains(last) ? last : null);
  }

  private record StopAt(int index, String string) {}

  /** The earliest occurrence of any stop string, or null. */
  private static StopAt firstStop(String text, List<String> stops) {
    StopAt first = null;
    for (String stop : stops) {
      int at = text.indexOf(stop);
      if (at >= 0 && (first == null || at < first.index())) {
        first = new StopAt(at, stop);
      }
    }
    return first;
  }
}

package ai.thinkact.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Picks the cold-start set (paper section 3.1.2: fewer than 100 samples with reasoning) from
 * samples that carry reasoning, e.g. the train split of {@code data prepare --think-tool
 * reasoning}: answers in the share they have among all the given samples (a cold start that sees
 * fewer answers than the task has teaches the model to call tools where it should answer), the
 * rest tool calls drawn round-robin from one bucket per tool name, so every tool appears.
 *
 * <p>{@link #rehearsal} adds samples without reasoning: the cold start trains them with thinking
 * off, a rehearsal of stage 1 that keeps the base SFT's choice of actions while the reasoning
 * samples teach the format (docs/training.md).
 */
public final class ColdStartSamples {

  private ColdStartSamples() {}

  /** Up to {@code k} samples with non-blank reasoning, in a seeded random order. */
  public static List<Sample> select(List<Sample> samples, int k, Random random) {
    long answerCount = samples.stream().filter(s -> !(s.target() instanceof Target.ToolCallTarget)).count();
    int answerQuota = samples.isEmpty() ? 0 : (int) Math.round((double) k * answerCount / samples.size());
    List<Sample> all = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.hasReasoning()) {
        all.add(sample);
      }
    }
    Collections.shuffle(all, random);
    List<Sample> answers = new ArrayList<>();
    Map<String, List<Sample>> byTool = new LinkedHashMap<>();
    for (Sample sample : all) {
      if (sample.target() instanceof Target.ToolCallTarget call) {
        byTool.computeIfAbsent(call.name(), x -> new ArrayList<>()).add(sample);
      } else {
        answers.add(sample);
      }
    }
    List<Sample> chosen = new ArrayList<>(answers.subList(0, Math.min(answers.size(), answerQuota)));
    for (int round = 0; chosen.size() < k; round++) {
      boolean any = false;
      for (List<Sample> bucket : byTool.values()) {
        if (round < bucket.size() && chosen.size() < k) {
          chosen.add(bucket.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    // Too few tool calls: fill up with the remaining answers.
    for (int i = answerQuota; chosen.size() < k && i < answers.size(); i++) {
      chosen.add(answers.get(i));
    }
    Collections.shuffle(chosen, random);
    return chosen;
  }

  /**
   * Up to {@code n} of {@code samples} that are not in {@code chosen} (by id), drawn in a seeded
   * random order and stripped of their reasoning, so that no more samples than {@code chosen}
   * teach reasoning. Their targets keep the share of answers and tool calls they have in
   * {@code samples}, on average.
   */
  public static List<Sample> rehearsal(List<Sample> samples, List<Sample> chosen, int n, Random random) {
    Set<String> taken = new HashSet<>();
    chosen.forEach(s -> taken.add(s.id()));
    List<Sample> rest = new ArrayList<>();
    for (Sample sample : samples) {
      if (!taken.contains(sample.id())) {
        rest.add(sample);
      }
    }
    Collections.shuffle(rest, random);
    return rest.subList(0, Math.min(n, rest.size())).stream().map(Sample::withoutReasoning).toList();
  }
}

package ai.thinkact.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Picks the cold-start set (paper section 3.1.2: fewer than 100 samples with reasoning) from
 * samples that carry reasoning, e.g. the train split of {@code data prepare --think-tool
 * reasoning}: answers in the share they have among all the given samples (a cold start that sees
 * fewer answers than the task has teaches the model to call tools where it should answer), the
 * rest tool calls drawn round-robin from one bucket per tool name, so every tool appears.
 */
public final class ColdStartSamples {

  private ColdStartSamples() {}

  /** Up to {@code k} samples with non-blank reasoning, in a seeded random order. */
  public static List<Sample> select(List<Sample> samples, int k, Random random) {
    long answerCount = samples.stream().filter(s -> !(s.target() instanceof Target.ToolCallTarget)).count();
    int answerQuota = samples.isEmpty() ? 0 : (int) Math.round((double) k * answerCount / samples.size());
    List<Sample> all = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.reasoning() != null && !sample.reasoning().isBlank()) {
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
}

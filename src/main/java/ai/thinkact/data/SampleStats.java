package ai.thinkact.data;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.ToolCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and length statistics of a sample set ({@code thinkact data stats}).
 *
 * @param samples number of samples
 * @param conversations number of distinct conversation ids
 * @param byType samples per target type
 * @param byTool tool-call targets per tool name, most frequent first
 * @param messages messages per sample (context length)
 * @param contextChars characters of context per sample (message texts and tool-call arguments)
 * @param answerChars characters of answer targets
 * @param withReasoning samples that carry cold-start reasoning
 * @param byDomain samples, conversations and samples with reasoning per domain, by name
 */
public record SampleStats(
    int samples,
    int conversations,
    Map<TargetType, Integer> byType,
    Map<String, Integer> byTool,
    Summary messages,
    Summary contextChars,
    Summary answerChars,
    int withReasoning,
    Map<String, DomainCount> byDomain) {

  /**
   * What one domain holds.
   *
   * @param samples its samples
   * @param conversations its distinct conversation ids
   * @param withReasoning its samples with reasoning (cold-start material)
   */
  public record DomainCount(int samples, int conversations, int withReasoning) {}

  /** Min, mean, median and max of a list of counts (all 0 when empty). */
  public record Summary(int min, double mean, int median, int max) {
    static Summary of(int[] values) {
      if (values.length == 0) {
        return new Summary(0, 0, 0, 0);
      }
      int[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Summary(sorted[0], Arrays.stream(sorted).average().orElse(0), sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    @Override
    public String toString() {
      return String.format("min %d, mean %.1f, median %d, max %d", min, mean, median, max);
    }
  }

  public static SampleStats of(List<Sample> samples) {
    Map<TargetType, Integer> byType = new LinkedHashMap<>();
    for (TargetType type : TargetType.values()) {
      byType.put(type, 0);
    }
    Map<String, Integer> toolCounts = new TreeMap<>();
    int[] messages = new int[samples.size()];
    int[] contextChars = new int[samples.size()];
    int answers = 0;
    int[] answerChars = new int[samples.size()];
    int withReasoning = 0;
    for (int i = 0; i < samples.size(); i++) {
      Sample sample = samples.get(i);
      byType.merge(sample.target().type(), 1, Integer::sum);
      if (sample.target() instanceof Target.ToolCallTarget call) {
        toolCounts.merge(call.name(), 1, Integer::sum);
      } else {
        answerChars[answers++] = ((Target.AnswerTarget) sample.target()).content().length();
      }
      messages[i] = sample.messages().size();
      for (Message message : sample.messages()) {
        contextChars[i] += message.content().length();
        for (ToolCall call : message.toolCalls()) {
          contextChars[i] += call.name().length() + call.arguments().toString().length();
        }
      }
      if (sample.reasoning() != null) {
        withReasoning++;
      }
    }
    Map<String, Integer> byTool = new LinkedHashMap<>();
    toolCounts.entrySet().stream()
        .sorted((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue())
        .forEach(e -> byTool.put(e.getKey(), e.getValue()));
    int conversations = (int) samples.stream().map(Sample::conversationId).distinct().count();
    return new SampleStats(samples.size(), conversations, byType, byTool, Summary.of(messages),
        Summary.of(contextChars), Summary.of(Arrays.copyOf(answerChars, answers)), withReasoning, byDomain(samples));
  }

  private static Map<String, DomainCount> byDomain(List<Sample> samples) {
    Map<String, List<Sample>> groups = new TreeMap<>();
    for (Sample sample : samples) {
      groups.computeIfAbsent(sample.domain(), d -> new ArrayList<>()).add(sample);
    }
    Map<String, DomainCount> counts = new LinkedHashMap<>();
    groups.forEach((domain, group) -> counts.put(domain, new DomainCount(
        group.size(),
        (int) group.stream().map(Sample::conversationId).distinct().count(),
        (int) group.stream().filter(s -> s.reasoning() != null).count())));
    return counts;
  }
}

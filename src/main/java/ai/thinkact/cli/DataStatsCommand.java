package ai.thinkact.cli;

import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.SampleStats;
import ai.thinkact.data.TargetType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thinkact data stats FILE}: counts by target type, domain and tool, and length statistics. */
@Command(
    name = "stats",
    description = "Print counts by target type, domain (samples, conversations, with reasoning) and tool name, and"
        + " message / character length statistics.")
public final class DataStatsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A sample JSONL file (train.jsonl, test.jsonl, coldstart.jsonl).")
  Path file;

  @Override
  public Integer call() throws IOException {
    InputPaths.requireFile("FILE", file);
    List<Sample> samples = SampleJsonl.read(file);
    if (samples.isEmpty()) {
      throw new InvalidDataException(file + ": no samples (empty file?)");
    }
    SampleStats stats = SampleStats.of(samples);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("samples            %d from %d conversations%n", stats.samples(), stats.conversations());
    for (Map.Entry<TargetType, Integer> type : stats.byType().entrySet()) {
      out.printf("  %-16s %d (%.1f%%)%n", type.getKey().jsonName(), type.getValue(), percent(type.getValue(), stats.samples()));
    }
    out.printf("with reasoning     %d%n", stats.withReasoning());
    out.printf("%-34s %8s %14s %15s%n", "by domain", "samples", "conversations", "with reasoning");
    for (Map.Entry<String, SampleStats.DomainCount> domain : stats.byDomain().entrySet()) {
      SampleStats.DomainCount count = domain.getValue();
      out.printf("  %-32s %8d %14d %15d%n", domain.getKey(), count.samples(), count.conversations(), count.withReasoning());
    }
    out.printf("tool calls by name%n");
    for (Map.Entry<String, Integer> tool : stats.byTool().entrySet()) {
      out.printf("  %-32s %d%n", tool.getKey(), tool.getValue());
    }
    out.printf("messages/sample    %s%n", stats.messages());
    out.printf("context chars      %s%n", stats.contextChars());
    out.printf("answer chars       %s%n", stats.answerChars());
    out.flush();
    return Main.EXIT_OK;
  }

  private static double percent(int part, int whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}

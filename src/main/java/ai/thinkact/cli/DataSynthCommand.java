package ai.thinkact.cli;

import ai.thinkact.config.ConfigException;
import ai.thinkact.data.Conversation;
import ai.thinkact.data.Decomposer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.SynthDomain;
import ai.thinkact.data.SynthGenerator;
import ai.thinkact.data.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact data synth}: synthetic shop/airline conversations and cold-start reasoning samples. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Write APIGen-MT-format conversations from a simulated shop and airline (and cold-start samples).")
public final class DataSynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--domain", defaultValue = "both", description = "retail, airline or both.")
  SynthDomain domain;

  @Option(names = "--conversations", paramLabel = "N", defaultValue = "200", description = "How many conversations.")
  int conversations;

  @Option(names = "--seed", defaultValue = "42", description = "Seed: the same seed writes the same files.")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The conversations, an APIGen-MT JSON array.")
  Path out;

  @Option(names = "--reasoning", paramLabel = "FILE2", description = "Also write cold-start samples with reasoning (sample JSONL).")
  Path reasoning;

  @Option(names = "--reasoning-samples", paramLabel = "K", defaultValue = "80",
      description = "How many cold-start samples (the paper uses fewer than 100).")
  int reasoningSamples;

  @Override
  public Integer call() throws IOException {
    if (conversations < 1) {
      throw new ConfigException("--conversations must be at least 1, got " + conversations);
    }
    if (reasoningSamples < 1) {
      throw new ConfigException("--reasoning-samples must be at least 1, got " + reasoningSamples);
    }
    Random random = new Random(seed);
    List<Conversation> generated = SynthGenerator.conversations(domain, conversations, random);
    SynthGenerator.writeConversations(out, generated);
    List<Sample> samples = generated.stream().flatMap(c -> Decomposer.decompose(c).stream()).toList();
    long calls = samples.stream().filter(s -> s.target() instanceof Target.ToolCallTarget).count();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("wrote %d conversations (%d samples: %d tool calls, %d answers) to %s%n",
        generated.size(), samples.size(), calls, samples.size() - calls, out);
    if (reasoning != null) {
      List<Sample> coldStart = SynthGenerator.reasoningSamples(generated, reasoningSamples, random);
      SampleJsonl.write(reasoning, coldStart);
      stdout.printf("wrote %d cold-start samples with reasoning to %s%n", coldStart.size(), reasoning);
    }
    stdout.flush();
    return Main.EXIT_OK;
  }
}

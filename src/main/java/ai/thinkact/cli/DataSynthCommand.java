package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.data.Conversation;
import ai.thinkact.data.Decomposer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SynthDomain;
import ai.thinkact.data.SynthGenerator;
import ai.thinkact.data.Target;
import ai.thinkact.data.ThinkTool;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact data synth}: synthetic shop/airline conversations in the APIGen-MT format. */
@Command(
    name = "synth",
    description = "Write APIGen-MT-format conversations from a simulated shop and airline. Cold-start samples come from them with data prepare --think-tool reasoning --coldstart-samples K.")
public final class DataSynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--domain", paramLabel = "DOMAIN", defaultValue = "both", description = "retail, airline or both.")
  SynthDomain domain;

  @Option(names = "--conversations", paramLabel = "N", defaultValue = "200", description = "How many conversations.")
  int conversations;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed: the same seed writes the same files.")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The conversations, an APIGen-MT JSON array;"
      + " must not exist or be empty unless --overwrite.")
  Path out;

  @Mixin OutputOptions output;

  @Option(names = "--think-share", paramLabel = "P", defaultValue = "0.4",
      description = "Share of agent actions preceded by a call of the think pseudo-tool (with an empty observation),"
          + " as in APIGen-MT-5k; data prepare --think-tool decides what becomes of them.")
  double thinkShare;

  @Override
  public Integer call() throws IOException {
    output.checkFile("--out", out);
    if (conversations < 1) {
      throw new ConfigException("--conversations must be at least 1, got " + conversations);
    }
    if (!(thinkShare >= 0 && thinkShare <= 1)) {
      throw new ConfigException("--think-share must be within [0, 1], got " + thinkShare);
    }
    Random random = new Random(seed);
    List<Conversation> generated = SynthGenerator.conversations(domain, conversations, thinkShare, random);
    SynthGenerator.writeConversations(out, generated);
    List<Sample> samples = generated.stream().flatMap(c -> Decomposer.decompose(ThinkTool.DROP.apply(c)).stream()).toList();
    long calls = samples.stream().filter(s -> s.target() instanceof Target.ToolCallTarget).count();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("wrote %d conversations (%d samples without think calls: %d tool calls, %d answers) to %s%n",
        generated.size(), samples.size(), calls, samples.size() - calls, out);
    stdout.flush();
    return Main.EXIT_OK;
  }
}

package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.data.ColdStartSamples;
import ai.thinkact.data.ConversationSplit;
import ai.thinkact.data.Datasets;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.Target;
import ai.thinkact.data.ThinkTool;
import ai.thinkact.data.TokenCounter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code thinkact data prepare}: reads a dataset, cuts every conversation into per-turn samples,
 * samples N conversations and splits them by conversation into {@code train.jsonl} and
 * {@code test.jsonl} (paper section 4.1).
 */
@Command(
    name = "prepare",
    description = "Cut conversations into per-turn samples and write train.jsonl / test.jsonl, split by conversation.")
public final class DataPrepareCommand implements Callable<Integer> {
  /** The cold-start set written next to train.jsonl and test.jsonl with --coldstart-samples. */
  static final String COLDSTART_FILE = "coldstart.jsonl";
  private static final Logger LOG = LoggerFactory.getLogger(DataPrepareCommand.class);

  @Spec CommandSpec spec;

  @Mixin DatasetInput dataset;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for train.jsonl and test.jsonl;"
      + " must not exist or be empty unless --overwrite.")
  Path out;

  @Mixin OutputOptions output;

  @Option(names = "--conversations", paramLabel = "N", defaultValue = "0",
      description = "Conversations to sample (0 = all). The paper samples 1000 from APIGen-MT-5k.")
  int conversations;

  @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.3",
      description = "Fraction of the sampled conversations that go to test (0 = all train). Paper: 5469/2344 samples, about 0.3.")
  double testFraction;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed for sampling and splitting.")
  long seed;

  @Option(names = "--skip-invalid", description = "Skip malformed records (and report them) instead of stopping.")
  boolean skipInvalid;

  @Option(names = "--columns", paramLabel = "SPEC",
      description = "Almita CSV column mapping, key=Header,... (keys: layout, id, conversation, target, role, text, "
          + "tool_name, tool_arguments, turn, tools, system). Default: found from the header; see docs/data.md.")
  String columns;

  @Option(names = "--source", paramLabel = "NAME", description = "Source name stored in each sample (default: the format name).")
  String source;

  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "A directory with tokenizer.json: also print text-token counts (chat-template tokens excluded).")
  Path tokenizer;

  @Option(names = "--without-tools",
      description = "Leave the tool schemas out of every sample (a closed-world model learns its tools in training)."
          + " The quick start uses it: the synthetic world's tools block is about 1,100 of a prompt's tokens.")
  boolean withoutTools;

  @Option(names = "--think-tool", paramLabel = "drop|keep|reasoning", defaultValue = "drop",
      converter = ThinkToolConverter.class,
      description = "Calls of the think pseudo-tool (APIGen-MT lists it with every record's tools): drop them and their"
          + " observations; keep them as ordinary tool calls; or drop them and make each thought the reasoning of the"
          + " next real action's sample (cold-start data from the dataset itself).")
  ThinkTool thinkTool;

  @Option(names = "--coldstart-samples", paramLabel = "K", defaultValue = "0",
      description = "Also write coldstart.jsonl: up to K train samples that have reasoning (with --think-tool"
          + " reasoning), answers in the share the train split has and every tool name represented. 0: none.")
  int coldstartSamples;

  @Option(names = "--coldstart-rehearsal", paramLabel = "N", defaultValue = "0",
      description = "Add N other train samples, without their reasoning, to coldstart.jsonl: train coldstart trains"
          + " them with thinking off, a rehearsal of stage 1 that keeps its choice of actions. 0: none.")
  int coldstartRehearsal;

  @Override
  public Integer call() throws IOException {
    output.checkDirectory("--out", out, "train.jsonl, test.jsonl and " + COLDSTART_FILE + " there");
    if (conversations < 0) {
      throw new ConfigException("--conversations must be 0 (all) or more, got " + conversations);
    }
    if (!(testFraction >= 0 && testFraction <= 1)) { // NaN fails too
      throw new ConfigException("--test-fraction must be within [0, 1], got " + testFraction);
    }
    if (coldstartSamples < 0) {
      throw new ConfigException("--coldstart-samples must be 0 (none) or more, got " + coldstartSamples);
    }
    if (coldstartRehearsal < 0) {
      throw new ConfigException("--coldstart-rehearsal must be 0 (none) or more, got " + coldstartRehearsal);
    }
    if (coldstartRehearsal > 0 && coldstartSamples == 0) {
      throw new ConfigException("--coldstart-rehearsal " + coldstartRehearsal
          + " needs --coldstart-samples K: the rehearsal joins a cold-start set with reasoning");
    }
    dataset.check();
    Path input = dataset.input;
    InputPaths.requireFileIn("--tokenizer", tokenizer, "tokenizer.json", "scripts/fetch-tokenizer.sh fetches Qwen3's");
    Datasets.Loaded loaded = Datasets.load(dataset.format, input, source, columns, skipInvalid, thinkTool);
    if (loaded.conversations().isEmpty()) {
      throw new InvalidDataException(input + ": no conversations" + (loaded.skipped().isEmpty() ? " (empty file?)"
          : " left after skipping " + loaded.skipped().size() + " invalid records, the first: " + loaded.skipped().get(0)));
    }
    if (conversations > loaded.conversations().size()) {
      LOG.warn("--conversations {} but {} has only {}: using all of them", conversations, input, loaded.conversations().size());
    }
    ConversationSplit split = ConversationSplit.split(loaded.conversations(), conversations, testFraction, new Random(seed));
    List<Sample> train = withoutTools ? withoutTools(split.trainSamples()) : split.trainSamples();
    List<Sample> test = withoutTools ? withoutTools(split.testSamples()) : split.testSamples();
    // Count tokens before writing, so a tokenizer that fails to load leaves no new files behind.
    String tokens = null;
    if (tokenizer != null) {
      try (TokenCounter counter = new TokenCounter(tokenizer)) {
        tokens = String.format("train %s; test %s", tokens(counter, train), tokens(counter, test));
      }
    }
    List<Sample> coldStart = coldstartSamples == 0 ? List.of()
        : ColdStartSamples.select(train, coldstartSamples, new Random(seed));
    if (coldstartSamples > 0 && coldStart.isEmpty()) {
      throw new InvalidDataException(input + ": no train sample has reasoning for --coldstart-samples"
          + (thinkTool == ThinkTool.REASONING ? " (no think calls before actions?)" : "; use --think-tool reasoning"));
    }
    Random rehearsalOrder = new Random(seed + 1); // independent of the reasoning samples' draw
    List<Sample> rehearsal = ColdStartSamples.rehearsal(train, coldStart, coldstartRehearsal, rehearsalOrder);
    List<Sample> coldStartFile = new ArrayList<>(coldStart);
    coldStartFile.addAll(rehearsal);
    if (!rehearsal.isEmpty()) {
      Collections.shuffle(coldStartFile, rehearsalOrder);
    }
    SampleJsonl.write(out.resolve("train.jsonl"), train);
    SampleJsonl.write(out.resolve("test.jsonl"), test);
    if (coldstartSamples > 0) {
      SampleJsonl.write(out.resolve(COLDSTART_FILE), coldStartFile);
    } else if (Files.deleteIfExists(out.resolve(COLDSTART_FILE))) {
      // A cold-start set from an earlier split may hold samples of this test split: not left behind.
      LOG.info("removed {} of an earlier data prepare (--overwrite)", out.resolve(COLDSTART_FILE));
    }

    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf("read           %d conversations from %s%n", loaded.conversations().size(), input);
    if (!loaded.skipped().isEmpty()) {
      stdout.printf("skipped        %d invalid records:%n", loaded.skipped().size());
      loaded.skipped().forEach(why -> stdout.printf("  %s%n", why));
    }
    stdout.printf("conversations  train %d, test %d%n", split.train().size(), split.test().size());
    stdout.printf("samples        train %d, test %d%n", train.size(), test.size());
    stdout.printf("targets        train %s; test %s%n", targets(train), targets(test));
    if (tokens != null) {
      stdout.printf("tokens         %s%n", tokens);
    }
    long withReasoning = train.stream().filter(Sample::hasReasoning).count();
    if (thinkTool == ThinkTool.REASONING) {
      stdout.printf("reasoning      %d of %d train samples (from think calls)%n", withReasoning, train.size());
    }
    stdout.printf("wrote          %s, %s%n", out.resolve("train.jsonl"), out.resolve("test.jsonl"));
    if (coldstartSamples > 0) {
      stdout.printf("wrote          %s (%d samples with reasoning: %s)%n", out.resolve(COLDSTART_FILE), coldStart.size(),
          targets(coldStart));
      if (!rehearsal.isEmpty()) {
        stdout.printf("               and %d without, a rehearsal of stage 1: %s%n", rehearsal.size(), targets(rehearsal));
      }
    }
    stdout.flush();
    return Main.EXIT_OK;
  }

  private static List<Sample> withoutTools(List<Sample> samples) {
    return samples.stream()
        .map(s -> new Sample(s.id(), s.source(), s.domain(), s.conversationId(), List.of(), s.messages(), s.target(),
            s.reasoning()))
        .toList();
  }

  private static String targets(List<Sample> samples) {
    long calls = samples.stream().filter(s -> s.target() instanceof Target.ToolCallTarget).count();
    return String.format("%d tool calls, %d answers", calls, samples.size() - calls);
  }

  private static String tokens(TokenCounter counter, List<Sample> samples) {
    long context = 0;
    long target = 0;
    int max = 0;
    for (Sample sample : samples) {
      int c = counter.contextTokens(sample);
      int t = counter.targetTokens(sample);
      context += c;
      target += t;
      max = Math.max(max, c + t);
    }
    return String.format("context %d + target %d (max %d per sample)", context, target, max);
  }

  /** Parses {@code drop|keep|reasoning}. */
  static final class ThinkToolConverter implements ITypeConverter<ThinkTool> {
    @Override
    public ThinkTool convert(String value) {
      for (ThinkTool mode : ThinkTool.values()) {
        if (mode.cliName().equals(value)) {
          return mode;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("expected drop, keep or reasoning, got '" + value + "'");
    }
  }
}

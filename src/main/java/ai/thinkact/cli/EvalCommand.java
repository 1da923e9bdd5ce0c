package ai.thinkact.cli;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.base.ConfigException;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.eval.CompletionSource;
import ai.thinkact.eval.EndpointCompletions;
import ai.thinkact.eval.EvalOutputs;
import ai.thinkact.eval.Evaluation;
import ai.thinkact.eval.Metric;
import ai.thinkact.eval.ModelCompletions;
import ai.thinkact.eval.OpenAiChatClient;
import ai.thinkact.eval.PredictionsFile;
import ai.thinkact.eval.EvalConfig;
import ai.thinkact.reward.AnswerSimilarity;
import ai.thinkact.eval.Prediction;
import ai.thinkact.training.ProgressReporter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code thinkact eval}: the paper's Table 1 metrics. Completions come from one source: a local
 * model ({@code --model}), an OpenAI-compatible server ({@code --endpoint}) or an existing file
 * ({@code --predictions}); scoring and writing do not care which ({@link CompletionSource}).
 */
@Command(
    name = "eval",
    modelTransformer = ConfigOptions.Transformer.class,
    subcommands = {EvalCompareCommand.class},
    description = {
      "Generates one action per test sample (a local model or an OpenAI-compatible endpoint), or reads",
      "existing completions, scores them with the eval metrics (docs/metrics.md) and writes",
      "predictions.jsonl, metrics.json, metrics_by_domain.json and report.md into --out."
    })
public final class EvalCommand implements Callable<Integer>, ConfigOptions.Configured {
  private static final Logger LOG = LoggerFactory.getLogger(EvalCommand.class);

  @Spec CommandSpec spec;

  // Optional for picocli (parent options are checked even for "eval compare"); call() requires one.
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  /** Where completions come from: exactly one. */
  static final class Source {
    @Option(names = "--model", paramLabel = "DIR", description = "Hugging Face Qwen3 directory (with tokenizer.json) to generate with.")
    Path model;

    @Option(names = "--endpoint", paramLabel = "URL",
        description = "OpenAI-compatible server: http://host:8000, .../v1 or .../v1/chat/completions.")
    String endpoint;

    @Option(names = "--predictions", paramLabel = "FILE.jsonl",
        description = "Existing completions: lines {\"target\":{...},\"completion\":\"...\"} (optional \"id\", \"domain\").")
    Path predictions;
  }

  @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT LoRA adapter for --model.")
  Path adapter;

  @Option(names = "--data", paramLabel = "FILE.jsonl", description = "Test samples (written by 'thinkact data prepare'); needed with --model and --endpoint.")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", description = "Run directory to write; must not exist or be empty"
      + " unless --overwrite.")
  Path out;

  @Mixin OutputOptions output;

  @Option(names = "--name", paramLabel = "NAME", description = "Row name in report.md (default: the --out directory's name).")
  String name;

  @Mixin RerankerOption reranker;

  /** --batch-size, --max-new-tokens, --think and --max-prompt-length, from {@link EvalConfig}. */
  private final ConfigOptions<EvalConfig> settings = new ConfigOptions<>(EvalConfig.defaults(), null);

  @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N samples.")
  Integer limit;

  @Option(names = "--api-key-env", paramLabel = "VAR", description = "Environment variable holding the endpoint's API key (sent as a Bearer token).")
  String apiKeyEnv;

  @Option(names = "--served-model", paramLabel = "NAME", description = "Model (or adapter) name to ask the endpoint for; required when its /v1/models lists more than one.")
  String servedModel;

  @Mixin ComputeOptions compute;

  @Override
  public Integer call() throws Exception {
    if (source == null) {
      throw new ParameterException(spec.commandLine(), "missing a source of completions: --model DIR, --endpoint URL or --predictions FILE.jsonl");
    }
    if (out == null) {
      throw new ParameterException(spec.commandLine(), "missing --out DIR");
    }
    output.checkDirectory("--out", out, "the eval files there (" + EvalOutputs.PREDICTIONS + ", " + EvalOutputs.METRICS
        + ", " + EvalOutputs.METRICS_BY_DOMAIN + ", " + EvalOutputs.REPORT + ")");
    EvalConfig config = settings.resolve();
    if (limit != null && limit <= 0) {
      throw new ConfigException("--limit must be > 0, got " + limit);
    }
    if (source.predictions == null && data == null) {
      throw new ParameterException(spec.commandLine(), "--model and --endpoint need --data FILE.jsonl (the test samples)");
    }
    if (source.model == null && adapter != null) {
      throw new ParameterException(spec.commandLine(), "--adapter goes with --model");
    }
    if (source.endpoint == null && (apiKeyEnv != null || servedModel != null)) {
      throw new ParameterException(spec.commandLine(), "--api-key-env and --served-model go with --endpoint");
    }
    InputPaths.requireFile("--predictions", source.predictions);
    InputPaths.requireFile("--data", data);
    ModelOptions.checkInputs(source.model, adapter);
    InputPaths.requireFileIn("--model", source.model, "tokenizer.json", "model init copies it; copy it there");
    reranker.check();

    List<Prediction> records;
    if (source.predictions != null) {
      records = limited(new PredictionsFile(source.predictions).completions(n -> { }));
      LOG.info("read {} predictions from {}", records.size(), source.predictions);
    } else if (source.model != null) {
      records = fromModel(limited(SampleJsonl.read(data)), config);
    } else {
      records = fromEndpoint(limited(SampleJsonl.read(data)), config);
    }
    if (records.isEmpty()) {
      Path file = source.predictions != null ? source.predictions : data;
      throw new InvalidDataException(file + ": no " + (source.predictions != null ? "predictions" : "samples")
          + " (empty file?); nothing to evaluate");
    }

    Evaluation evaluation;
    try (Reranker scorer = reranker.open()) {
      AnswerSimilarity similarity = scorer.similarity();
      LOG.info("scoring {} completions; {}", records.size(), EvalOutputs.similarityNote(similarity.name()));
      evaluation = Evaluation.of(records, similarity);
    }
    String runName = name != null ? name : out.toAbsolutePath().normalize().getFileName().toString();
    EvalOutputs.write(out, runName, evaluation);

    var stdout = spec.commandLine().getOut();
    for (Metric metric : Metric.values()) {
      Double value = evaluation.overall().get(metric);
      stdout.printf("%-20s %s%n", metric.jsonName(), value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value));
    }
    stdout.flush();
    LOG.info("wrote {}", out);
    return Main.EXIT_OK;
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return settings;
  }

  private <T> List<T> limited(List<T> all) {
    return limit == null || limit >= all.size() ? all : all.subList(0, limit);
  }

  private List<Prediction> fromModel(List<Sample> samples, EvalConfig config) throws IOException {
    try (ModelSession session = ModelSession.open(source.model, adapter, compute.settings());
        QwenTokenizer tokenizer = QwenTokenizer.load(source.model)) {
      ModelCompletions completions = new ModelCompletions(session.model, session.adapter(), new ChatFormat(tokenizer),
          samples, config);
      LOG.info("generating {} completions with {} (batch {}, greedy, at most {} new tokens, think {})", samples.size(),
          source.model, config.batchSize(), config.maxNewTokens(), config.think().text());
      return withProgress(completions, config.batchSize());
    }
  }

  private List<Prediction> fromEndpoint(List<Sample> samples, EvalConfig config) throws IOException {
    String apiKey = ApiKeys.fromEnv("--api-key-env", apiKeyEnv);
    URI url;
    try {
      url = OpenAiChatClient.chatUrl(source.endpoint);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--endpoint " + source.endpoint + " is not a URL: " + e.getMessage());
    }
    if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
      throw new ConfigException("--endpoint must be an http:// or https:// URL, got " + source.endpoint);
    }
    String model = servedModel != null ? servedModel : OpenAiChatClient.onlyServedModel(url, apiKey);
    OpenAiChatClient client = new OpenAiChatClient(new OpenAiChatClient.Settings(url, apiKey, model,
        config.maxNewTokens(), config.think(), 5, Duration.ofSeconds(1), Duration.ofMinutes(10)));
    LOG.info("asking {} (model {}) for {} completions, {} at a time", url, model, samples.size(), config.batchSize());
    return withProgress(new EndpointCompletions(client, samples, config.batchSize()), config.batchSize());
  }

  /** Runs a source under a progress bar (samples/s) and logs the throughput. */
  private List<Prediction> withProgress(CompletionSource completions, int batchSize) throws IOException {
    int total = completions.size();
    int logEvery = batchSize * Math.max(1, (total / batchSize) / 10);
    long start = System.nanoTime();
    List<Prediction> records;
    try (ProgressReporter progress = ProgressReporter.start("eval", total, 0, "sample", logEvery)) {
      records = completions.completions(done -> progress.update(done, Map.of()));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(String.format(Locale.ROOT, "%d completions in %.1f s (%.3f samples/s)", total, seconds, total / seconds));
    return records;
  }
}

package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.reward.CrossEncoder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thinkact rerank}: scores passages against a query with a BGE cross-encoder. */
@Command(
    name = "rerank",
    description = "Score passages against a query with a Hugging Face BGE reranker (one line per passage).")
public final class RerankCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ComputeOptions compute;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Reranker directory: config.json, model.safetensors (or sharded), tokenizer.json.")
  Path model;

  @Option(names = "--query", required = true, paramLabel = "Q", description = "The query.")
  String query;

  @Option(names = "--passage", required = true, paramLabel = "P", description = "A passage to score; repeat for more.")
  List<String> passages;

  @Option(names = "--raw", description = "Print the raw logit instead of sigmoid(logit).")
  boolean raw;

  @Option(names = "--batch-size", paramLabel = "N", description = "Pairs per forward pass.")
  int batchSize = CrossEncoder.Options.DEFAULT_BATCH_SIZE;

  @Option(names = "--max-length", paramLabel = "N",
      description = "Longest pair in tokens (longer pairs are truncated longest-first); 0 = the model's limit.")
  int maxLength = 0;

  @Override
  public Integer call() {
    if (Files.isDirectory(model) && !Files.isRegularFile(model.resolve("tokenizer.json"))) {
      // Checked before loading the weights, which may take a while.
      throw new ConfigException("--model " + model + ": no tokenizer.json, cannot tokenise text");
    }
    InputPaths.requireDirectory("--model", model);
    try (CrossEncoder reranker = CrossEncoder.load(model, new CrossEncoder.Options(batchSize, maxLength, compute.settings().djlDevice()))) {
      List<String> queries = Collections.nCopies(passages.size(), query);
      double[] values = raw ? reranker.logits(queries, passages) : reranker.score(queries, passages);
      PrintWriter out = spec.commandLine().getOut();
      for (double value : values) {
        out.println(String.format(Locale.ROOT, "%.6f", value));
      }
      out.flush();
    }
    return Main.EXIT_OK;
  }
}

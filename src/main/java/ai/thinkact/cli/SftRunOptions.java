package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.sft.SftStage;
import ai.thinkact.sft.SftTrainer;
import ai.thinkact.training.LmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The inputs and outputs shared by {@code train sft}, {@code coldstart} and {@code pretrain}, and
 * running them; each command adds its config's options ({@link ConfigOptions}).
 */
public final class SftRunOptions {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen3 directory (base model).")
  Path model;

  @Option(names = "--tokenizer", paramLabel = "DIR", description = "Directory with tokenizer.json (default: the model directory).")
  Path tokenizer;

  @Option(names = "--train", required = true, paramLabel = "FILE.jsonl", description = "Per-turn training samples.")
  Path train;

  @Option(names = "--eval", paramLabel = "FILE.jsonl", description = "Held-out samples: eval loss every --eval-steps and at the end.")
  Path eval;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Run directory: config.yaml, metrics.jsonl, checkpoints/, adapter/.")
  Path output;

  @Option(names = "--resume", paramLabel = "DIR|latest", description = "Continue from a checkpoint directory, or the newest one under OUTPUT/checkpoints.")
  String resume;

  /** Checks the paths, trains, and prints where the adapter went. */
  int run(SftStage stage, Path initialAdapter, LmConfig config, PrintWriter out) throws IOException {
    requireFile("--train", train);
    if (eval != null) {
      requireFile("--eval", eval);
    }
    Path tokenizerDir = tokenizer != null ? tokenizer : model;
    if (!Files.isRegularFile(tokenizerDir.resolve("tokenizer.json"))) {
      throw new ConfigException((tokenizer != null ? "--tokenizer " : "--model ") + tokenizerDir
          + " has no tokenizer.json; pass --tokenizer DIR (e.g. data/tokenizer/qwen3)");
    }
    SftTrainer.Outcome outcome = SftTrainer.run(new SftTrainer.Request(
        stage, model, tokenizerDir, train, eval, output, initialAdapter, resume, config));
    out.println(String.format(Locale.ROOT, "%s: %d steps, last loss %.4f%s; output: %s", stage.label(),
        outcome.steps(), outcome.lastLoss(),
        Double.isNaN(outcome.evalLoss()) ? "" : String.format(Locale.ROOT, ", eval loss %.4f", outcome.evalLoss()),
        outcome.adapterDir()));
    out.flush();
    return Main.EXIT_OK;
  }

  static void requireFile(String option, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(option + " " + file + ": no such file");
    }
  }
}

package ai.thinkact.cli;

import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.training.RunDirectory;
import ai.thinkact.training.RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The inputs and the run directory of every {@code train} command, checked before anything is
 * loaded or written: the model and tokenizer directories, the training file, and an
 * {@code --output} that is empty unless the run {@code --resume}s or {@code --overwrite}s it.
 */
public final class TrainRunOptions {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen3 directory (base model).")
  Path model;

  @Option(names = "--tokenizer", paramLabel = "DIR", description = "Directory with tokenizer.json (default: the model directory).")
  Path tokenizer;

  @Option(names = "--train", required = true, paramLabel = "FILE.jsonl", description = "Training data (JSONL).")
  Path train;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Run directory: config.yaml, run_info.json, metrics.jsonl, checkpoints/ and the result.")
  Path output;

  @Option(names = "--resume", paramLabel = "DIR|latest",
      description = "Continue from a checkpoint directory, or the newest one under OUTPUT/checkpoints.")
  String resume;

  @Option(names = "--overwrite", description = "Replace a non-empty OUTPUT (refused otherwise, unless --resume).")
  boolean overwrite;

  @Option(names = "--base-model-name", paramLabel = "NAME",
      description = "base_model_name_or_path of saved adapters, e.g. the Hub id vLLM serves (default: the absolute --model path).")
  String baseModelName;

  /** The tokenizer directory: {@code --tokenizer}, else the model's. */
  Path tokenizerDir() {
    return tokenizer != null ? tokenizer : model;
  }

  /** Checks the paths this mixin names. */
  void checkInputs() {
    InputPaths.requireDirectory("--model", model);
    InputPaths.requireFile("--train", train);
    if (tokenizer != null) {
      InputPaths.requireFileIn("--tokenizer", tokenizer, "tokenizer.json", null);
    } else {
      InputPaths.requireFileIn("--model", model, "tokenizer.json", "pass --tokenizer DIR, e.g. data/tokenizer/qwen3");
    }
  }

  /** The checked run directory (nothing written yet); {@code command} gives the command line for run_info.json. */
  RunDirectory runDirectory(CommandSpec command) throws IOException {
    ParseResult parsed = command.commandLine() == null ? null : command.commandLine().getParseResult();
    List<String> args = parsed == null ? List.of() : parsed.originalArgs();
    return RunDirectory.open(output, resume, overwrite,
        new RunInfo(BuildInfo.version(), BuildInfo.commit(), args, stack(), Instant.now()));
  }

  /** What {@code thinkact --version} prints after its first line (which RunInfo has as fields). */
  private static List<String> stack() {
    List<String> lines = List.of(new VersionProvider().getVersion());
    return lines.subList(1, lines.size());
  }

  /** What saved adapters name as their base model. */
  String baseModelNameOrPath() {
    return LoraAdapter.baseModelNameOrPath(model, baseModelName);
  }
}

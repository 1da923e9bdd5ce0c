package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.model.ModelPreset;
import ai.thinkact.model.RandomCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thinkact model init}: a random Qwen3 checkpoint in exact Hugging Face layout. */
@Command(name = "init",
    description = "Write a randomly initialised Qwen3 (config.json, generation_config.json, model.safetensors"
        + " and the tokenizer files) for tests, benchmarks and the quick start.")
public final class ModelInitCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ModelInitCommand.class);
  /** Tokenizer files copied when present (tokenizer.json is required). */
  private static final List<String> TOKENIZER_FILES =
      List.of("tokenizer.json", "tokenizer_config.json", "vocab.json", "merges.txt", "special_tokens_map.json");

  @Option(names = "--preset", required = true, paramLabel = "tiny|demo|small",
      description = "tiny (fast tests), demo (the quick start: hidden 128, head_dim 128) or small (hidden 512,"
          + " 8 layers: the benchmark model).")
  ModelPreset preset;

  @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
      description = "Directory with the Qwen3 tokenizer.json (scripts/fetch-tokenizer.sh puts it in data/tokenizer/qwen3).")
  Path tokenizer;

  @Mixin WholeDirectoryOutput output;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the weight initialisation.")
  long seed;

  @Option(names = "--embedding-std", defaultValue = "0.02", paramLabel = "STD",
      description = "Standard deviation of the random embedding (HF's initializer_range is 0.02). The quick start"
          + " uses 0.1: with 0.02 a tiny model's logits are too flat for LoRA to learn anything (docs/quickstart.md).")
  double embeddingStd;

  @Override
  public Integer call() throws IOException {
    Path out = output.checked();
    if (!(embeddingStd > 0) || Double.isInfinite(embeddingStd)) {
      throw new ConfigException("--embedding-std must be a positive number, got " + embeddingStd);
    }
    InputPaths.requireFileIn("--tokenizer", tokenizer, "tokenizer.json", "run scripts/fetch-tokenizer.sh");
    // Build everything in a temporary sibling, then rename: a half-written model never appears.
    AtomicFiles.writeDirectory(out, dir -> {
      RandomCheckpoint.write(preset.config(), dir, seed, embeddingStd);
      for (String name : TOKENIZER_FILES) {
        Path source = tokenizer.resolve(name);
        if (Files.isRegularFile(source)) {
          AtomicFiles.copyContent(source, dir.resolve(name));
        }
      }
    });
    LOG.info("wrote {} Qwen3 ({} layers, hidden {}) to {}", preset.name().toLowerCase(java.util.Locale.ROOT),
        preset.config().numHiddenLayers(), preset.config().hiddenSize(), out);
    return Main.EXIT_OK;
  }
}

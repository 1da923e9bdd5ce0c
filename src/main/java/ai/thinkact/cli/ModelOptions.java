package ai.thinkact.cli;

import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.lora.LoraConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --model}, {@code --adapter} and where they run ({@code --device}, {@code --dtype}) of a
 * command that runs one model on its own ({@code generate}, {@code score}, {@code serve}).
 */
@Command(modelTransformer = ConfigOptions.Transformer.class)
public final class ModelOptions {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen3 directory.")
  Path model;

  @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT LoRA adapter directory.")
  Path adapter;

  @Mixin ComputeOptions compute;

  /** Checks both directories before anything is loaded. */
  void checkInputs() {
    checkInputs(model, adapter);
  }

  /**
   * The same checks for a command that declares {@code --model} and {@code --adapter} itself
   * ({@code eval}, where --model is one of three sources; {@code export merge}, where both are required).
   */
  static void checkInputs(Path model, Path adapter) {
    InputPaths.requireFileIn("--model", model, "config.json", null);
    InputPaths.requireFileIn("--adapter", adapter, LoraConfig.FILE, null);
  }

  /** Whether {@code --model} holds tokenizer.json; without it only token ids go in and come out. */
  boolean hasTokenizer() {
    return Files.isRegularFile(model.resolve("tokenizer.json"));
  }

  /** The model directory's tokenizer, or null when it has none ({@link #hasTokenizer()}). */
  QwenTokenizer tokenizerOrNull() throws IOException {
    return hasTokenizer() ? QwenTokenizer.load(model) : null;
  }

  /** Loads the model and the adapter on the chosen device. */
  ModelSession open() {
    return ModelSession.open(model, adapter, compute.settings());
  }
}

package ai.thinkact.cli;

import ai.thinkact.lora.LoraConfig;
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
    InputPaths.requireFileIn("--model", model, "config.json", null);
    InputPaths.requireFileIn("--adapter", adapter, LoraConfig.FILE, null);
  }

  /** Loads the model and the adapter on the chosen device. */
  ModelSession open() {
    return ModelSession.open(model, adapter, compute.settings());
  }
}

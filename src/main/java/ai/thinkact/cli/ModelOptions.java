package ai.thinkact.cli;

import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.ComputeSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --model} and {@code --adapter} of a command that runs one model on its own ({@code generate},
 * {@code score}, {@code serve}).
 */
public final class ModelOptions {

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen3 directory.")
  Path model;

  @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT LoRA adapter directory.")
  Path adapter;

  /** Checks both directories before anything is loaded. */
  void checkInputs() {
    InputPaths.requireFileIn("--model", model, "config.json", null);
    InputPaths.requireFileIn("--adapter", adapter, LoraConfig.FILE, null);
  }

  /** Loads the model and the adapter. */
  ModelSession open(ComputeSettings compute) {
    return ModelSession.open(model, adapter, compute);
  }
}

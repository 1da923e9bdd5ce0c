package ai.thinkact.cli;

import ai.thinkact.model.ComputeDtype;
import ai.thinkact.model.ComputeSettings;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --dtype}, shared by every command that runs the model. */
public final class ComputeOptions {

  @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda:N",
      description = "Where to run: auto (a GPU if libtorch sees one), cpu, or cuda:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|bfloat16",
      description = "Compute precision. Default: ${DEFAULT-VALUE}.")
  ComputeDtype dtype;

  public ComputeSettings settings() {
    return new ComputeSettings(device, dtype);
  }
}

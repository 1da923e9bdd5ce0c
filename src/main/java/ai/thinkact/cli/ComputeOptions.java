package ai.thinkact.cli;

import ai.thinkact.config.Settings;
import ai.thinkact.model.ComputeSettings;
import picocli.CommandLine.Command;

/**
 * {@code --device} and {@code --dtype} of every command that runs the model, derived from the
 * {@link ComputeSettings} record (the same declarations the trainers' configs use), as a mixin.
 */
@Command(modelTransformer = ConfigOptions.Transformer.class)
public final class ComputeOptions implements ConfigOptions.Configured {

  private final ConfigOptions<ComputeSettings> options =
      new ConfigOptions<>(Settings.of(ComputeSettings.class).defaults(), null);

  @Override
  public ConfigOptions<?> configOptions() {
    return options;
  }

  public ComputeSettings settings() {
    return options.resolve();
  }
}

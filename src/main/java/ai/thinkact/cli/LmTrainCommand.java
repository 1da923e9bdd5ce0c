package ai.thinkact.cli;

import ai.thinkact.sft.SftStage;
import ai.thinkact.training.LmConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code train sft}, {@code coldstart} and {@code pretrain} are made of: a stage, its config's
 * options ({@link ConfigOptions}) and the shared inputs ({@link SftRunOptions}). Each subclass
 * names its stage, defaults and description.
 */
abstract class LmTrainCommand<T extends Record & LmConfig> implements Callable<Integer>, ConfigOptions.Configured {

  private final SftStage stage;
  private final ConfigOptions<T> options;

  @Mixin SftRunOptions run;

  @Spec CommandSpec spec;

  LmTrainCommand(SftStage stage, T defaults, String configFile) {
    this.stage = stage;
    this.options = new ConfigOptions<>(defaults, configFile);
  }

  /** The adapter the stage continues, or null for a new one (or none). */
  Path initialAdapter() {
    return null;
  }

  @Override
  public Integer call() throws IOException {
    return run.run(stage, initialAdapter(), options.resolve(), spec);
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return options;
  }
}

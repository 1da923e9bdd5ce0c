package ai.thinkact.cli;

import ai.thinkact.sft.SftConfig;
import ai.thinkact.sft.SftStage;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code thinkact train sft}: stage 1, base SFT of a new LoRA adapter on tool-calling samples. */
@Command(modelTransformer = ConfigOptions.Transformer.class,
    name = "sft", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Stage 1: LoRA SFT on per-turn samples; the target is the next action after an empty think block."
        + " Writes OUTPUT/adapter (PEFT), OUTPUT/checkpoints, OUTPUT/metrics.jsonl, OUTPUT/config.yaml.")
public final class TrainSftCommand implements Callable<Integer>, ConfigOptions.Configured {

  private final ConfigOptions<SftConfig> options = new ConfigOptions<>(SftConfig.defaults(), "configs/sft.yaml");

  @Mixin SftRunOptions run;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    return run.run(SftStage.SFT, null, options.resolve(), spec);
  }

  @Override
  public ConfigOptions<?> configOptions() {
    return options;
  }
}
